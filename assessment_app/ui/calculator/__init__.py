"""The standalone scoring calculator."""
