//===- KilnOps.td - The kiln dialect's ops -----------------*- tablegen -*-===//
//
// The TensorFlow-mirroring ops are generated from Kiln's op table
// (runtime/graph/op_table*.cc) by kiln-opgen into one file per op family;
// this file adds the op base class they share and the opaque op that holds
// TensorFlow ops Kiln does not know.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_OPS_TD
#define KILN_OPS_TD

include "ir/Dialect/KilnBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// A TensorFlow op: result types come from the op table's shape function,
// shared with the frontend; results may be more precise than inferred.
class Kiln_TFOp<string mnemonic, list<Trait> traits = []> :
    Kiln_Op<mnemonic, traits # [InferTypeOpInterface]> {
  let extraClassDeclaration = [{
    static ::llvm::LogicalResult inferReturnTypes(
        ::mlir::MLIRContext *context, ::std::optional<::mlir::Location> loc,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr attributes,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::kiln::ir::inferKilnOpReturnTypes(
          getOperationName(), context, loc, operands, attributes, inferred);
    }
    static bool isCompatibleReturnTypes(::mlir::TypeRange lhs,
                                        ::mlir::TypeRange rhs) {
      return ::kiln::ir::areCompatibleReturnTypes(lhs, rhs);
    }
  }];
}

include "ir/Dialect/KilnOpsBase.gen.td"
include "ir/Dialect/KilnOpsState.gen.td"
include "ir/Dialect/KilnOpsMath.gen.td"
include "ir/Dialect/KilnOpsArray.gen.td"
include "ir/Dialect/KilnOpsNN.gen.td"
include "ir/Dialect/KilnCompilerOps.td"

def Kiln_OpaqueOp : Kiln_Op<"opaque", [AttrSizedOperandSegments]> {
  let summary = "a TensorFlow op that Kiln does not know, kept as is";
  let description = [{
    Imported so that any TensorFlow graph can be shown and exported again;
    the compiler rejects it, naming the node. `attrs` holds the NodeDef's
    attrs unchanged; results have the types `_output_shapes` gave, if any.

    ```mlir
    %0:2 = "kiln.opaque"(%x) {op_type = "Erf", attrs = {T = f32},
        operandSegmentSizes = array<i32: 1, 0>}
        : (tensor<4xf32>) -> (tensor<*xf32>, !kiln.control)
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$inputs,
                       Variadic<Kiln_Control>:$control_inputs,
                       StrAttr:$op_type, DictionaryAttr:$attrs);
  let results = (outs Variadic<AnyTensor>:$outputs, Kiln_Control:$control);
}

#endif // KILN_OPS_TD
