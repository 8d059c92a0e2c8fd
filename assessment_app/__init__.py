"""The disability assessment workstation: services, storage, security, recording, reports, UI."""

APP_NAME = "ltc-assess"
APP_VERSION = "0.1.0"
