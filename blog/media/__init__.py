"""Uploaded files: what they are (from their bytes), their names, their renditions, the room
they need, removing them, and serving them. This layer imports no models."""
