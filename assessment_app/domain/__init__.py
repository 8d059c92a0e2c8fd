"""Plain domain objects and rules of the assessment workflow."""
