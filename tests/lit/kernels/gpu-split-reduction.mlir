// RUN: kiln-opt --kiln-lower-kernels-to-linalg %s | sed -e 's/attributes {llvm.emit_c_interface}/attributes {kiln.gpu, llvm.emit_c_interface}/' | kiln-opt --kiln-gpu-kernel-lowering | FileCheck %s

// Tests that a long reduction on the GPU (column sums of [?, 16], a bias
// gradient's shape: 16 outputs over a dynamic extent) runs in three
// parallel stages rather than one thread per output: after the
// accumulator's fill, partial sums of row chunks into a device buffer (as
// many blocks as chunks x outputs need), those folded in groups into a
// second buffer, the first freed, each output's groups combined into it,
// the second freed, then the cast to float32.
// CHECK: llvm.func @fusion_0(
// CHECK: llvm.call @mgpuMemAlloc
// CHECK: gpu.launch_func <%[[STREAM:.*]] : !llvm.ptr> @fusion_0_kernel::
// CHECK: %[[PARTIAL:.*]] = llvm.call @mgpuMemAlloc
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @fusion_0_kernel_0::{{.*}}%[[PARTIAL]]
// CHECK: %[[FOLDED:.*]] = llvm.call @mgpuMemAlloc
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @fusion_0_kernel_1::{{.*}}%[[PARTIAL]]{{.*}}%[[FOLDED]]
// CHECK: llvm.call @mgpuMemFree(%[[PARTIAL]],
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @fusion_0_kernel_2::{{.*}}%[[FOLDED]]
// CHECK: llvm.call @mgpuMemFree(%[[FOLDED]],
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @fusion_0_kernel_3::
// CHECK: llvm.return

func.func @fusion_0(%x: tensor<?x16xf32>) -> tensor<16xf32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<0> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %s:2 = "kiln.Sum"(%x, %axis#0) {keep_dims = false} : (tensor<?x16xf32>, tensor<i32>) -> (tensor<16xf32>, !kiln.control)
  return %s#0 : tensor<16xf32>
}
