"""`python -m bench`: run every benchmark in this folder, one after the other."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import bench_canvas, bench_engine, bench_training_gui, bench_visuals  # noqa: E402

bench_engine.main()
bench_canvas.main([])
bench_visuals.main([])
bench_training_gui.main([])
