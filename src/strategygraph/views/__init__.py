"""The views layer: what people read – text and JSON presentation, the HTML report, diagrams, the workbook."""
