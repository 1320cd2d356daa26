# Finds protobuf 3.21 (Debian: libprotobuf-dev protobuf-compiler).
include_guard(GLOBAL)
find_package(Protobuf 3.21 REQUIRED)
if(NOT TARGET protobuf::libprotobuf OR NOT Protobuf_PROTOC_EXECUTABLE)
  message(FATAL_ERROR "protobuf: libprotobuf-dev and protobuf-compiler are required")
endif()
set(KilnProtobuf_FOUND TRUE)
