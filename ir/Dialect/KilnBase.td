//===- KilnBase.td - The kiln dialect, its types and attrs -*- tablegen -*-===//
//
// The kiln dialect mirrors TensorFlow's ops one to one. This file holds the
// dialect, its types (control tokens, resources, strings, the dtypes MLIR has
// no builtin for) and its attributes (shapes, function references).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_BASE_TD
#define KILN_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypes.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/CommonAttrConstraints.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let cppNamespace = "::kiln::ir";
  let summary = "TensorFlow's ops, one to one, as Kiln compiles them.";
  let description = [{
    Each op carries TensorFlow's op name and attribute names, so importing
    and exporting a GraphDef is a table lookup. Attributes that operand
    types already fix (`T`, `N`, `Tidx`) are not stored; the exporter
    writes them back. Every op has a trailing variadic `!kiln.control`
    operand group (TensorFlow's `^node` inputs) and a trailing
    `!kiln.control` result, so control dependencies stay SSA edges.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let usePropertiesForAttributes = 0;
  let extraClassDeclaration = [{
    void registerTypes();
    void registerAttributes();
  }];
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

class Kiln_Type<string name, string typeMnemonic> :
    TypeDef<Kiln_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def Kiln_ControlType : Kiln_Type<"Control", "control"> {
  let summary = "an ordering token: TensorFlow's control edge";
}
def Kiln_ResourceType : Kiln_Type<"Resource", "resource"> {
  let summary = "TensorFlow's DT_RESOURCE element type (variables)";
}
def Kiln_StringType : Kiln_Type<"String", "string"> {
  let summary = "TensorFlow's DT_STRING element type";
}
def Kiln_VariantType : Kiln_Type<"Variant", "variant"> {
  let summary = "TensorFlow's DT_VARIANT element type";
}
def Kiln_DTypeType : Kiln_Type<"DType", "dtype"> {
  let summary = "a TensorFlow dtype with no MLIR builtin (qint8, float_ref)";
  let parameters = (ins StringRefParameter<"TensorFlow's dtype name">:$name);
  let assemblyFormat = "`<` $name `>`";
}

def Kiln_Control : Type<CPred<"::llvm::isa<::kiln::ir::ControlType>($_self)">,
                        "control token", "::kiln::ir::ControlType">;

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class Kiln_Attr<string name, string attrMnemonic> :
    AttrDef<Kiln_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def Kiln_ShapeAttr : Kiln_Attr<"Shape", "shape"> {
  let summary = "a TensorShapeProto: `#kiln.shape<?x784>`, `#kiln.shape<*>`";
  let parameters = (ins OptionalArrayRefParameter<"int64_t">:$dims,
                        "bool":$unranked);
  let hasCustomAssemblyFormat = 1;
}

def Kiln_FuncAttr : Kiln_Attr<"Func", "func"> {
  let summary = "a NameAttrList: `#kiln.func<@body, {T = f32}>`";
  let parameters = (ins "::mlir::SymbolRefAttr":$name,
                        "::mlir::DictionaryAttr":$attrs);
  let assemblyFormat = "`<` $name `,` $attrs `>`";
}

def Kiln_AttrPlaceholderAttr : Kiln_Attr<"AttrPlaceholder", "placeholder"> {
  let summary = "an AttrValue.placeholder: a function attr bound at call";
  let parameters = (ins StringRefParameter<"attr name">:$name);
  let assemblyFormat = "`<` $name `>`";
}

def Kiln_TensorProtoAttr : Kiln_Attr<"TensorProto", "tensor_proto"> {
  let summary = "a TensorProto kept as bytes (dtypes with no dense form)";
  let parameters = (ins StringRefParameter<"serialized TensorProto">:$bytes);
  let assemblyFormat = "`<` $bytes `>`";
}

// Attr constraints the generated ODS uses for TensorFlow's attr kinds.
def Kiln_DTypeAttr : TypeAttrBase<"::mlir::Type", "a TensorFlow dtype",
    CPred<"::kiln::ir::isTensorFlowDType($_self)">>;
def Kiln_DTypeArrayAttr : TypedArrayAttrBase<Kiln_DTypeAttr,
                                             "a list of TensorFlow dtypes">;
def Kiln_ShapeArrayAttr : TypedArrayAttrBase<Kiln_ShapeAttr, "a list of shapes">;
def Kiln_TensorAttr : AnyAttrOf<[ElementsAttr, Kiln_TensorProtoAttr],
                                "a tensor (TensorProto)">;

//===----------------------------------------------------------------------===//
// Op base
//===----------------------------------------------------------------------===//

class Kiln_Op<string mnemonic, list<Trait> traits = []> :
    Op<Kiln_Dialect, mnemonic, traits>;

#endif // KILN_BASE_TD
