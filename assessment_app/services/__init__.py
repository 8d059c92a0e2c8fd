"""Use cases that tie forms, scoring, storage, recording and export together; no Qt here."""
