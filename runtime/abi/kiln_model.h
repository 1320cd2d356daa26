/* kiln_model.h: the plain C ABI to run a compiled model (a bundle from
 * kiln-compile) from C or any language with a C FFI. Links Kiln::runtime
 * only; no compiler is involved.
 *
 *   char error[256];
 *   kiln_model* m = kiln_model_load("FashionMlp.kbundle", error, sizeof error);
 *   if (!m) { fprintf(stderr, "%s\n", error); return 1; }
 *   int64_t dims[2] = {1, 784};
 *   kiln_model_resize_input(m, 0, dims, 2);
 *   memcpy(kiln_model_input_data(m, 0), image, 784 * sizeof(float));
 *   if (kiln_model_run(m) != 0) fprintf(stderr, "%s\n", kiln_model_error(m));
 *   const float* probs = (const float*)kiln_model_output_data(m, 0);
 *   kiln_model_free(m);
 *
 * Inputs and outputs are numbered in the bundle's signature order. Input
 * buffers belong to the model (resize, then fill); output buffers stay
 * valid until the next run or the model is freed. A model is not safe to
 * run from two threads at once; load one per thread (they share nothing).
 * A bundle is code: load only bundles you trust (SECURITY.md). */
#ifndef KILN_RUNTIME_ABI_KILN_MODEL_H_
#define KILN_RUNTIME_ABI_KILN_MODEL_H_

#include <stddef.h>
#include <stdint.h>

#include "runtime/threading/parallel_for_abi.h" /* KILN_RT_EXPORT */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kiln_model kiln_model;

/* Null on failure, with the reason in `error` (truncated to error_size;
 * error may be null). */
KILN_RT_EXPORT kiln_model* kiln_model_load(const char* path, char* error,
                                           size_t error_size);
/* From bytes in memory (an embedded bundle); `weights_dir` is where a
 * sidecar weights file would be, or null. The bytes may be freed after. */
KILN_RT_EXPORT kiln_model* kiln_model_load_from_memory(
    const void* bytes, size_t size, const char* weights_dir, char* error,
    size_t error_size);
KILN_RT_EXPORT void kiln_model_free(kiln_model* model);

KILN_RT_EXPORT const char* kiln_model_name(const kiln_model* model);
KILN_RT_EXPORT int kiln_model_num_inputs(const kiln_model* model);
KILN_RT_EXPORT int kiln_model_num_outputs(const kiln_model* model);
/* Names as the graph has them ("x:0"); dtypes numbered as TensorFlow's
 * DataType (1 float, 2 double, 3 int32, 9 int64, 10 bool); dims -1 where
 * the size is known only at run time. Out-of-range indices give null/-1. */
KILN_RT_EXPORT const char* kiln_model_input_name(const kiln_model* model,
                                                 int index);
KILN_RT_EXPORT int kiln_model_input_dtype(const kiln_model* model, int index);
KILN_RT_EXPORT int kiln_model_input_rank(const kiln_model* model, int index);
KILN_RT_EXPORT int64_t kiln_model_input_dim(const kiln_model* model,
                                            int index, int dim);
KILN_RT_EXPORT const char* kiln_model_output_name(const kiln_model* model,
                                                  int index);
KILN_RT_EXPORT int kiln_model_output_dtype(const kiln_model* model, int index);

/* Gives input `index` the shape `dims` (zero-filled); it must agree with
 * the signature's known dims. 0 on success, else -1 and kiln_model_error. */
KILN_RT_EXPORT int kiln_model_resize_input(kiln_model* model, int index,
                                           const int64_t* dims, int rank);
/* The input's buffer (its signature shape with -1 dims as 1 until
 * resized). */
KILN_RT_EXPORT void* kiln_model_input_data(kiln_model* model, int index);

/* 0 on success; else -1, kiln_model_error says why and the outputs of the
 * previous run are gone. */
KILN_RT_EXPORT int kiln_model_run(kiln_model* model);
KILN_RT_EXPORT const char* kiln_model_error(const kiln_model* model);

KILN_RT_EXPORT const void* kiln_model_output_data(const kiln_model* model,
                                                  int index);
KILN_RT_EXPORT int kiln_model_output_rank(const kiln_model* model, int index);
KILN_RT_EXPORT int64_t kiln_model_output_dim(const kiln_model* model,
                                             int index, int dim);

/* The variables the model owns (a training step's weights), by shared
 * name, in the bundle's order. A run that assigns them (a model compiled
 * with kiln-compile --run STEP) updates them, all or none. */
KILN_RT_EXPORT int kiln_model_num_variables(const kiln_model* model);
KILN_RT_EXPORT const char* kiln_model_variable_name(const kiln_model* model,
                                                    int index);
/* The current value's size in bytes (-1 for a bad index). */
KILN_RT_EXPORT int64_t kiln_model_variable_bytes(const kiln_model* model,
                                                 int index);
/* Copies the current value (row-major) into `out`, which holds `bytes`
 * (the value's size exactly); 0 on success, else -1 and kiln_model_error. */
KILN_RT_EXPORT int kiln_model_read_variable(kiln_model* model, int index,
                                            void* out, size_t bytes);
/* Sets the value from `data` (same dtype and shape as now). */
KILN_RT_EXPORT int kiln_model_write_variable(kiln_model* model, int index,
                                             const void* data, size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* KILN_RUNTIME_ABI_KILN_MODEL_H_ */
