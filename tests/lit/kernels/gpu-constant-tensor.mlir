// RUN: kiln-opt --kiln-lower-kernels-to-linalg %s | sed -e 's/attributes {llvm.emit_c_interface}/attributes {kiln.gpu, llvm.emit_c_interface}/' | kiln-opt --kiln-gpu-kernel-lowering | FileCheck %s

// Tests that a constant tensor inside a GPU kernel (a memref.global) is read
// from device memory: the global is copied into the GPU module, so the PTX
// holds it and the kernel takes its address there, never a host address
// passed from the launching code.
// CHECK: llvm.func @fusion_0(
// CHECK-NOT: llvm.mlir.addressof @__constant
// CHECK: gpu.launch_func
// CHECK: llvm.return
// CHECK: gpu.binary @fusion_0_kernel [
// CHECK-SAME: .global .align {{[0-9]+}} .b8 __constant

func.func @fusion_0(%x: tensor<?x4xf16>) -> tensor<?x4xf16> {
  %c:2 = "kiln.Const"() {dtype = f16, value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf16>} : () -> (tensor<4xf16>, !kiln.control)
  %y:2 = "kiln.AddV2"(%x, %c#0) : (tensor<?x4xf16>, tensor<4xf16>) -> (tensor<?x4xf16>, !kiln.control)
  return %y#0 : tensor<?x4xf16>
}
