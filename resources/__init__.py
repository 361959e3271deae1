"""Files BP Studio ships: example networks, icons and datasets (installed as bpstudio.resources)."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
