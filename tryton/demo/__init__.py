"""Demo data of the portal, one file per area, loaded in order by ``tryton/demo_data.py``."""
