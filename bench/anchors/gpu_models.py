"""The whole-model GPU anchors: the models tests/cuda/train_graphs.cc builds
(the Fashion-MNIST MLP 784-128-10 and CNN conv3x3x16-pool-conv3x3x32-pool-
dense10), their inference at batch 1 and 1024 and their SGD(0.1, momentum
0.9) training step at batch 256, in PyTorch eager, torch.compile and JAX
jit on the GPU. A step is what bench/gpu_model_bench.cc times for Kiln: the
batch comes from host memory, the logits or loss go back to it. float32
without TF32 (Kiln's default). Median wall-clock ms; one JSON line per row.
  python3 gpu_models.py [--quick]
"""
import json
import sys
import time

import numpy as np

CASES = (("mlp_infer_b1", "mlp", 1), ("mlp_infer_b1024", "mlp", 1024),
         ("mlp_train_b256", "mlp", 256), ("cnn_infer_b1", "cnn", 1),
         ("cnn_infer_b1024", "cnn", 1024), ("cnn_train_b256", "cnn", 256))


def median_ms(step, runs):
    for _ in range(5):
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def batch(model, n, rng):
    shape = (n, 784) if model == "mlp" else (n, 28, 28, 1)
    return (rng.random(shape, dtype=np.float32),
            rng.integers(0, 10, n).astype(np.int32))


def torch_rows(runs, rng):
    import torch
    import torch.nn as nn
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True

    def make(model):
        if model == "mlp":
            return nn.Sequential(nn.Linear(784, 128), nn.ReLU(),
                                 nn.Linear(128, 10)).cuda()
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(7 * 7 * 32, 10)).cuda()

    def to_input(model, x):
        t = torch.from_numpy(x).cuda()
        return t if model == "mlp" else t.permute(0, 3, 1, 2)

    for compiled in (False, True):
        name = "torch.compile" if compiled else "torch eager"
        for what, model, n in CASES:
            net = make(model)
            x, y = batch(model, n, rng)
            if "infer" in what:
                net.eval()
                forward = torch.compile(net) if compiled else net

                def step():
                    with torch.no_grad():
                        return forward(to_input(model, x)).cpu()
            else:
                opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
                loss_fn = nn.CrossEntropyLoss()

                def train(xb, yb):
                    opt.zero_grad(set_to_none=True)
                    loss = loss_fn(net(xb), yb)
                    loss.backward()
                    opt.step()
                    return loss.detach()
                train_step = torch.compile(train) if compiled else train

                def step():
                    yb = torch.from_numpy(y).long().cuda()
                    return train_step(to_input(model, x), yb).cpu()
            print(json.dumps({"framework": name, "what": what,
                              "ms": median_ms(step, runs)}), flush=True)


def jax_rows(runs, rng):
    import jax
    import jax.numpy as jnp
    jax.config.update("jax_default_matmul_precision", "highest")
    hi = jax.lax.Precision.HIGHEST

    def init(model):
        key = jax.random.PRNGKey(3)
        shapes = ([(784, 128), (128, 10)] if model == "mlp" else
                  [(3, 3, 1, 16), (3, 3, 16, 32), (7 * 7 * 32, 10)])
        params = []
        for shape in shapes:
            key, sub = jax.random.split(key)
            fan = np.prod(shape[:-1]) + shape[-1]
            limit = np.sqrt(6.0 / fan)
            params.append((jax.random.uniform(sub, shape, jnp.float32,
                                              -limit, limit),
                           jnp.zeros((shape[-1],), jnp.float32)))
        return params

    def forward(params, x):
        if x.ndim == 2:
            (w1, b1), (w2, b2) = params
            h = jax.nn.relu(jnp.dot(x, w1, precision=hi) + b1)
            return jnp.dot(h, w2, precision=hi) + b2
        h = x
        for w, b in params[:2]:
            h = jax.lax.conv_general_dilated(
                h, w, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"),
                precision=hi)
            h = jax.nn.relu(h + b)
            h = jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1),
                                      (1, 2, 2, 1), "VALID")
        w, b = params[2]
        return jnp.dot(h.reshape(h.shape[0], -1), w, precision=hi) + b

    def loss_fn(params, x, y):
        logits = forward(params, x)
        return -jnp.mean(jnp.take_along_axis(
            jax.nn.log_softmax(logits), y[:, None], axis=1))

    @jax.jit
    def infer(params, x):
        return forward(params, x)

    @jax.jit
    def train(params, moments, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        moments = jax.tree_util.tree_map(lambda v, g: 0.9 * v - 0.1 * g,
                                         moments, grads)
        params = jax.tree_util.tree_map(lambda p, v: p + v, params, moments)
        return params, moments, loss

    for what, model, n in CASES:
        params = init(model)
        x, y = batch(model, n, rng)
        if "infer" in what:
            def step():
                return np.asarray(infer(params, x))
        else:
            state = [params, jax.tree_util.tree_map(jnp.zeros_like, params)]

            def step():
                state[0], state[1], loss = train(state[0], state[1], x, y)
                return float(loss)
        print(json.dumps({"framework": "jax.jit", "what": what,
                          "ms": median_ms(step, runs)}), flush=True)


def main(argv):
    runs = 10 if "--quick" in argv else 100
    rng = np.random.default_rng(5)
    for rows in (torch_rows, jax_rows):
        try:
            rows(runs, rng)
        except Exception as e:  # one framework missing: the others still run
            print(json.dumps({"framework": rows.__name__, "error": repr(e)}),
                  flush=True)


if __name__ == "__main__":
    main(sys.argv)
