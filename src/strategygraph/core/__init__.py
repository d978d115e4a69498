"""The core layer: the schema (entity kinds and field metadata), the typed model, the loader, time and configuration.

Imports nothing from the other layers.
"""
