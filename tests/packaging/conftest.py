"""The GUI fixtures (offscreen Qt, catalogues, records, a signed-in main window) for the About
dialog tests; the packaging tests themselves need none."""

from tests.gui.conftest import *  # noqa: F401,F403 - fixtures are found by name
