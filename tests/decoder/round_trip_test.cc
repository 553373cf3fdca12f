// For every command and object kind of the protocol table: random payloads inside each field's
// domain are encoded, decoded, and must come back equal field for field (operator== compares
// every member), and re-encoding the decoded payload must give the same words.  Derived from
// commands.def / objects.def, so a new command cannot land without this test running on it.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "decoder/decode.h"
#include "decoder/encoder.h"
#include "decoder/payload_reader.h"
#include "tests/decoder/payload_randomizer.h"

namespace vgpu::virgl {
namespace {

template <class Payload>
class Capture : public CommandVisitor {
 public:
  std::optional<Payload> got;
  std::optional<DecodeError> rejected;
  void on(const Payload& p, const CommandLocation&) override { got = p; }
  void on_rejected(const DecodeError& e, const CommandLocation&) override { rejected = e; }
};

template <class Payload>
LengthRule rule_of() {
  using T = PayloadTraits<Payload>;
  if constexpr (T::object != ObjectType::NONE) {
    return find_object(static_cast<uint32_t>(T::object))->rule;
  } else {
    return find_command(static_cast<uint32_t>(T::command))->rule;
  }
}

// Runs `tries` random payloads; counts in `accepted` how many the decoder accepted (the others hit a
// require() rule, e.g. a slot range past the limit, and must be rejected in the command tier).
template <class Payload>
void round_trip(const char* name, int tries, int& accepted) {
  const auto& info = *find_command(static_cast<uint32_t>(PayloadTraits<Payload>::command));
  for (int i = 0; i < tries; ++i) {
    testing::PayloadRandomizer random(static_cast<uint32_t>(i * 7919 + 13), rule_of<Payload>());
    const Payload original = random.template make<Payload>();
    Encoder encoder;
    encoder.add(original);
    EXPECT_TRUE(encoder.ok()) << name;
    const std::vector<uint32_t> words(encoder.words().begin(), encoder.words().end());

    // The reader alone: every payload (supported or not) must read back equal.
    const CommandHeader header = CommandHeader::unpack(words[0]);
    const CommandLocation where{header, 0, std::span(words).subspan(1)};
    ReadErrors errors;
    PayloadReader reader(where, errors);
    Payload read_back{};
    ASSERT_TRUE(reader.read(read_back, rule_of<Payload>()))
        << name << ": " << errors.stream->message;
    ASSERT_EQ(read_back, original) << name << " seed " << i;

    // The whole decoder.
    Capture<Payload> capture;
    const DecodeSummary summary = decode(words, capture);
    ASSERT_FALSE(summary.stream_error) << name << ": " << summary.stream_error->message;
    ASSERT_EQ(summary.commands, 1u) << name;
    if (!info.supported) {
      ASSERT_TRUE(capture.rejected) << name;
      EXPECT_EQ(capture.rejected->kind, ErrorKind::Unsupported) << name;
      ++accepted;  // decoded fully, then answered as unsupported: the expected outcome
      continue;
    }
    if (capture.rejected) {
      EXPECT_EQ(capture.rejected->tier, ErrorTier::Command) << name;
      ASSERT_TRUE(reader.rejected()) << name;
      EXPECT_EQ(errors.command->message, capture.rejected->message) << name;
      continue;
    }
    ASSERT_TRUE(capture.got) << name;
    ASSERT_EQ(*capture.got, original) << name << " seed " << i;

    Encoder again;
    again.add(*capture.got);
    ASSERT_TRUE(std::equal(words.begin(), words.end(), again.words().begin(),
                           again.words().end()))
        << name << ": re-encoding changed the words";
    ++accepted;
  }
}

#define VGPU_ROUND_TRIP_TEST(Suffix, Payload)                                     \
  TEST(RoundTrip, Suffix) {                                                       \
    if constexpr (std::is_same_v<Payload, CreateObject>) {                        \
      /* Its object kinds have their own round trips (CREATE_OBJECT_*); without a  \
         kind, CREATE_OBJECT is malformed. */                                     \
      Encoder e;                                                                  \
      e.add(CreateObject{});                                                      \
      CommandVisitor none;                                                        \
      const DecodeSummary s = decode(e.words(), none);                            \
      ASSERT_TRUE(s.stream_error);                                                \
      EXPECT_EQ(s.stream_error->kind, ErrorKind::UnknownObjectType);              \
    } else {                                                                      \
      int accepted = 0;                                                           \
      round_trip<Payload>(#Payload, 200, accepted);                               \
      EXPECT_GT(accepted, 0) << #Payload " never decoded from a random form";     \
    }                                                                             \
  }
#define VGPU_COMMAND(id, NAME, Payload, rule, status) VGPU_ROUND_TRIP_TEST(NAME, Payload)
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable) \
  VGPU_ROUND_TRIP_TEST(CREATE_OBJECT_##NAME, Payload)
#include "decoder/commands.def"
#include "decoder/objects.def"
#undef VGPU_COMMAND
#undef VGPU_OBJECT

// Every object kind of the table has a payload type that encodes as CREATE_OBJECT of that kind.
TEST(RoundTrip, EveryObjectKindEncodesAsCreateObject) {
  int kinds = 0;
#define VGPU_OBJECT(id, NAME, Payload, rule, bindable)                        \
  static_assert(PayloadTraits<Payload>::command == CommandId::CREATE_OBJECT); \
  EXPECT_EQ(static_cast<int>(PayloadTraits<Payload>::object), id);            \
  ++kinds;
#include "decoder/objects.def"
#undef VGPU_OBJECT
  EXPECT_EQ(kinds, static_cast<int>(object_table().size()));
}

}  // namespace
}  // namespace vgpu::virgl
