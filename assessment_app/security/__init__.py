"""Keys, identities and evidence: the data key and its derived keys, accounts, signing, audit log."""
