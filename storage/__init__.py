"""Tables, repositories and migrations. Imports triage, never bot or webhook."""
