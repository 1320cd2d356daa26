"""torch.matmul on the problems bench/gpu_bench.cc times (8192^3 bf16 and
float32 with TF32), with CUDA events; one JSON line per row."""
import json
import sys

import torch


def median_ms(fn, runs):
    start, end = torch.cuda.Event(True), torch.cuda.Event(True)
    for _ in range(3):
        fn()
    times = []
    for _ in range(runs):
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


def main(argv):
    quick = "--quick" in argv
    n = 2048 if quick else 8192
    torch.backends.cuda.matmul.allow_tf32 = True
    for dtype, what in ((torch.bfloat16, "8192^3 bf16"),
                        (torch.float32, "8192^3 tf32")):
        a = torch.full((n, n), 0.01, dtype=dtype, device="cuda")
        b = torch.full((n, n), 0.01, dtype=dtype, device="cuda")
        ms = median_ms(lambda: torch.matmul(a, b), 5 if quick else 20)
        print(json.dumps({"framework": "torch", "what": what,
                          "value": 2.0 * n ** 3 / (ms * 1e-3) / 1e12,
                          "unit": "TFLOP/s"}))


if __name__ == "__main__":
    main(sys.argv)
