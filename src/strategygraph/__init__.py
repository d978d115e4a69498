"""strategygraph: an organization's strategy as a typed graph, with the analyses planners need."""

__version__ = "0.1.0"
