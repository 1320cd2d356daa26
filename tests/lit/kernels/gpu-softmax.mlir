// RUN: kiln-opt --kiln-lower-kernels-to-linalg %s | sed -e 's/attributes {llvm.emit_c_interface}/attributes {kiln.gpu, llvm.emit_c_interface}/' | kiln-opt --kiln-gpu-kernel-lowering | FileCheck %s

// Tests that a kernel marked kiln.gpu (a softmax over a `?` batch) becomes
// PTX for sm_90 launched by host code: each loop nest one launch of 256
// threads per block over ceil(rows * cols / 256) blocks, the row max and
// row sum (reductions) sequential inside a thread, the temporaries device
// allocations freed after, all on one stream (the executor's).
// CHECK: llvm.func @fusion_0(
// CHECK: llvm.call @mgpuStreamCreate
// CHECK: llvm.call @mgpuMemAlloc
// CHECK: gpu.launch_func <%[[STREAM:.*]] : !llvm.ptr> @fusion_0_kernel::@fusion_0_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%{{.*}}, %{{.*}}, %{{.*}})
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @fusion_0_kernel_4::
// CHECK: llvm.call @mgpuMemFree
// CHECK: llvm.call @mgpuStreamSynchronize
// CHECK: llvm.return
// CHECK: gpu.binary @fusion_0_kernel [
// CHECK-SAME: .target sm_90
// CHECK-SAME: .entry fusion_0_kernel

func.func @fusion_0(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %axis:2 = "kiln.Const"() {dtype = i32, value = dense<-1> : tensor<i32>} : () -> (tensor<i32>, !kiln.control)
  %m:2 = "kiln.Max"(%x, %axis#0) {keep_dims = true} : (tensor<?x4xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %d:2 = "kiln.Sub"(%x, %m#0) : (tensor<?x4xf32>, tensor<?x1xf32>) -> (tensor<?x4xf32>, !kiln.control)
  %e:2 = "kiln.Exp"(%d#0) : (tensor<?x4xf32>) -> (tensor<?x4xf32>, !kiln.control)
  %s:2 = "kiln.Sum"(%e#0, %axis#0) {keep_dims = true} : (tensor<?x4xf32>, tensor<i32>) -> (tensor<?x1xf32>, !kiln.control)
  %y:2 = "kiln.RealDiv"(%e#0, %s#0) : (tensor<?x4xf32>, tensor<?x1xf32>) -> (tensor<?x4xf32>, !kiln.control)
  return %y#0 : tensor<?x4xf32>
}
