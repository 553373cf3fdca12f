#include "decoder/decode_error.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>

namespace vgpu::virgl {
namespace {

// The JSON disassembler and the trace tools print these names; each kind has its own.
TEST(DecodeError, EveryKindHasItsOwnName) {
  std::set<std::string_view> names;
  for (ErrorKind kind :
       {ErrorKind::UnknownCommand, ErrorKind::Truncated, ErrorKind::BadLength,
        ErrorKind::CountOverLimit, ErrorKind::CountMismatch, ErrorKind::UnknownObjectType,
        ErrorKind::InvalidValue, ErrorKind::Unsupported}) {
    const std::string_view name = error_kind_name(kind);
    EXPECT_NE(name, "?");
    EXPECT_TRUE(names.insert(name).second) << name;
  }
  EXPECT_EQ(error_kind_name(ErrorKind::Truncated), "truncated");
  EXPECT_EQ(error_kind_name(ErrorKind::CountMismatch), "count-mismatch");
}

TEST(DecodeError, AppendMessagePrintsNumbersAsNumbers) {
  std::string m = "head: ";
  append_message(m, "box (", int32_t{-5}, ",", uint8_t{200}, ")+(",
                 std::numeric_limits<uint64_t>::max(), ") ", std::string_view("end"));
  EXPECT_EQ(m, "head: box (-5,200)+(18446744073709551615) end");
}

}  // namespace
}  // namespace vgpu::virgl
