"""`python -m bench`: run every benchmark in this folder, one after the other."""

from bench import bench_canvas, bench_engine

bench_engine.main()
bench_canvas.main([])
