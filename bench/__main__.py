"""`python -m bench`: run every benchmark in this folder, one after the other."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench import (  # noqa: E402
    bench_canvas,
    bench_data,
    bench_engine,
    bench_files,
    bench_pace,
    bench_pause_stop,
    bench_recurrent,
    bench_startup,
    bench_timeline,
    bench_training_gui,
    bench_visuals,
)

bench_engine.main()
bench_recurrent.main([])
bench_data.main([])
bench_files.main([])
bench_startup.main([])
bench_canvas.main([])
bench_visuals.main([])
bench_training_gui.main([])
bench_pause_stop.main([])
bench_pace.main([])
bench_timeline.main([])
