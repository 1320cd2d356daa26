// RUN: kiln-opt --split-input-file --kiln-decompose-variable-updates --mlir-print-debuginfo %s | FileCheck %s

// Tests that AssignAddVariableOp becomes a read, an add and an assignment,
// named after the node, and that the target's token is the new assignment's.
// CHECK-LABEL: func.func @assign_add
// CHECK: %[[READ:[a-z0-9_]+]], %{{.*}} = "kiln.ReadVariableOp"(%arg0) {dtype = f32} : (tensor<!kiln.resource>) -> (tensor<3xf32>, !kiln.control) loc(#[[READ_LOC:loc[0-9]+]])
// CHECK: %[[SUM:[a-z0-9_]+]], %{{.*}} = "kiln.AddV2"(%[[READ]], %arg1) {{.*}} -> (tensor<3xf32>, !kiln.control) loc(#[[SUM_LOC:loc[0-9]+]])
// CHECK: %[[ASSIGN:.*]] = "kiln.AssignVariableOp"(%arg0, %[[SUM]]) {validate_shape = false} {{.*}} loc(#[[STEP_LOC:loc[0-9]+]])
// CHECK-NOT: AssignAddVariableOp
// CHECK: return %[[ASSIGN]]
// CHECK-DAG: #[[READ_LOC]] = loc("step/read")
// CHECK-DAG: #[[SUM_LOC]] = loc("step/update")
// CHECK-DAG: #[[STEP_LOC]] = loc("step")
func.func @assign_add(%v: tensor<!kiln.resource>, %d: tensor<3xf32>) -> !kiln.control {
  %a = "kiln.AssignAddVariableOp"(%v, %d) : (tensor<!kiln.resource>, tensor<3xf32>) -> !kiln.control loc("step")
  return %a : !kiln.control
}

// -----

// Tests that AssignSubVariableOp subtracts, and that an op with a control
// input stays as it is.
// CHECK-LABEL: func.func @assign_sub
// CHECK: "kiln.ReadVariableOp"
// CHECK: "kiln.Sub"
// CHECK: "kiln.AssignVariableOp"
// CHECK: "kiln.NoOp"
// CHECK: "kiln.AssignSubVariableOp"(%arg0, %arg1, %{{.*}})
func.func @assign_sub(%v: tensor<!kiln.resource>, %d: tensor<2x2xf64>) -> (!kiln.control, !kiln.control) {
  %a = "kiln.AssignSubVariableOp"(%v, %d) {dtype = f64} : (tensor<!kiln.resource>, tensor<2x2xf64>) -> !kiln.control
  %n = "kiln.NoOp"() : () -> !kiln.control
  %b = "kiln.AssignSubVariableOp"(%v, %d, %n) {dtype = f64} : (tensor<!kiln.resource>, tensor<2x2xf64>, !kiln.control) -> !kiln.control
  return %a, %b : !kiln.control, !kiln.control
}
