"""HTTP service and citizen widget. ``create_app`` lives in ``api.app`` (imported lazily)."""
