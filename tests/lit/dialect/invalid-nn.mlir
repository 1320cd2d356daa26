// RUN: kiln-opt --split-input-file --verify-diagnostics %s

// Verifier errors of the nn ops (runtime/graph/shape_fns_nn.cc). Each message
// is followed by MLIR's "failed to infer returned types" on the same op.

// Tests that BiasAdd knows only the NHWC and NCHW layouts.
func.func @bias_add_format(%x: tensor<2x3x4x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{'BiasAdd' data_format must be NHWC or NCHW but is 'NDHWC'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BiasAdd"(%x, %b) {data_format = "NDHWC"} : (tensor<2x3x4x5xf32>, tensor<5xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that an NHWC value has rank 2 or more (the default layout).
func.func @bias_add_nhwc_rank(%x: tensor<5xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{'BiasAdd' input 'value' must have rank at least 2 but has shape [5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BiasAdd"(%x, %b) : (tensor<5xf32>, tensor<5xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that an NCHW value has rank 3 or more.
func.func @bias_add_nchw_rank(%x: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'BiasAdd' input 'value' must have rank at least 3 but has shape [2,3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BiasAdd"(%x, %b) {data_format = "NCHW"} : (tensor<2x3xf32>, tensor<3xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that the bias is a vector.
func.func @bias_add_bias_rank(%x: tensor<2x3xf32>, %b: tensor<1x3xf32>) {
  // expected-error @+2 {{'BiasAdd' input 'bias' must have rank 1 but has shape [1,3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BiasAdd"(%x, %b) : (tensor<2x3xf32>, tensor<1x3xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that the bias has the channel dim's size (dim 1 for NCHW).
// (The sizes print as the channel dim's, then the bias's.)
func.func @bias_add_channels(%x: tensor<2x3x4x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{'BiasAdd' channel dimension of value and size of bias differ: 3 vs 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.BiasAdd"(%x, %b) {data_format = "NCHW"} : (tensor<2x3x4x5xf32>, tensor<5xf32>) -> (tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that Softmax rejects a scalar.
func.func @softmax_scalar(%x: tensor<f32>) {
  // expected-error @+2 {{'Softmax' input 'logits' must have rank at least 1 but has shape []}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.Softmax"(%x) : (tensor<f32>) -> (tensor<f32>, !kiln.control)
  return
}

// -----

// Tests that LogSoftmax takes floating-point logits only.
func.func @log_softmax_int(%x: tensor<2x3xi32>) {
  // expected-error @+2 {{'LogSoftmax' attr 'T' does not allow dtype int32 (allowed: half, bfloat16, float, double)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:2 = "kiln.LogSoftmax"(%x) : (tensor<2x3xi32>) -> (tensor<2x3xi32>, !kiln.control)
  return
}

// -----

// Tests that features and labels must broadcast.
func.func @xent_broadcast(%f: tensor<8x10xf32>, %l: tensor<8x5xf32>) {
  // expected-error @+2 {{'SoftmaxCrossEntropyWithLogits' shapes [8,10] and [8,5] are not broadcastable}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = "kiln.SoftmaxCrossEntropyWithLogits"(%f, %l) : (tensor<8x10xf32>, tensor<8x5xf32>) -> (tensor<*xf32>, tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that features and labels must broadcast to a matrix.
func.func @xent_rank(%f: tensor<2x8x10xf32>, %l: tensor<8x10xf32>) {
  // expected-error @+2 {{'SoftmaxCrossEntropyWithLogits' features [2,8,10] and labels [8,10] must broadcast to rank 2 but broadcast to [2,8,10]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = "kiln.SoftmaxCrossEntropyWithLogits"(%f, %l) : (tensor<2x8x10xf32>, tensor<8x10xf32>) -> (tensor<*xf32>, tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that sparse features are a [batch, classes] matrix.
func.func @sparse_xent_features(%f: tensor<10xf32>, %l: tensor<8xi64>) {
  // expected-error @+2 {{'SparseSoftmaxCrossEntropyWithLogits' input 'features' must have rank 2 but has shape [10]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%f, %l) : (tensor<10xf32>, tensor<8xi64>) -> (tensor<*xf32>, tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that sparse labels are a vector of class indices.
func.func @sparse_xent_labels(%f: tensor<8x10xf32>, %l: tensor<8x1xi64>) {
  // expected-error @+2 {{'SparseSoftmaxCrossEntropyWithLogits' input 'labels' must have rank 1 but has shape [8,1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%f, %l) : (tensor<8x10xf32>, tensor<8x1xi64>) -> (tensor<*xf32>, tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that sparse features and labels agree on the batch size.
func.func @sparse_xent_batch(%f: tensor<8x10xf32>, %l: tensor<4xi64>) {
  // expected-error @+2 {{'SparseSoftmaxCrossEntropyWithLogits' batch sizes of features and labels differ: 8 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%f, %l) : (tensor<8x10xf32>, tensor<4xi64>) -> (tensor<*xf32>, tensor<*xf32>, !kiln.control)
  return
}

// -----

// Tests that sparse labels are integer class indices.
func.func @sparse_xent_label_dtype(%f: tensor<8x10xf32>, %l: tensor<8xf32>) {
  // expected-error @+2 {{'SparseSoftmaxCrossEntropyWithLogits' attr 'Tlabels' does not allow dtype float (allowed: int32, int64)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0:3 = "kiln.SparseSoftmaxCrossEntropyWithLogits"(%f, %l) : (tensor<8x10xf32>, tensor<8xf32>) -> (tensor<*xf32>, tensor<*xf32>, !kiln.control)
  return
}
