"""Phase one of the build: every page's typed context, computed from harvests before anything is written."""
