"""Administration: provisioning, accounts, agency and visit settings, backup."""
