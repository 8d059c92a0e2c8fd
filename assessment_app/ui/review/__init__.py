"""The reviewer's desk: queue, record view with video by item, decisions, bundle import."""
