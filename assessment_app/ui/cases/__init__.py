"""Case intake, the case list and the case page: materials, self-assessment, history and corrections, export."""
