"""Capture sources (camera, synthetic) and, later, the sealed recording of a visit."""
