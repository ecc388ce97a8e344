"""What users touch: the ``microgov`` command line and the interactive explorer.

The top of the import order: may import every other stage; nothing imports it.
"""
