"""The analysis layer: the networkx view, what carries what (reach), and the rules that yield findings."""
