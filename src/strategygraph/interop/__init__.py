"""The interop layer: exchange formats (ArchiMate, spreadsheets, SARIF) as pairs of pure functions over the model."""
