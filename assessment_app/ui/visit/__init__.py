"""The guided two-expert visit: its steps and the recording panel."""
