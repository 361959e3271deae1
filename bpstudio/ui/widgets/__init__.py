"""Small shared widgets: LiveLabel, the throttle."""
