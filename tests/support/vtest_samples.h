// One representative vtest request per message of decoder/vtest/messages.def and one reply per
// reply shape: shared by the codec tests and the vtest fuzz seed writer, so that a message added
// to the table is tested and seeded in one place.
#pragma once

#include <cstdint>

#include "decoder/vtest/reply_codec.h"
#include "decoder/vtest/requests.h"

namespace vgpu::vtest::test_support {

// The inline data of the TRANSFER_PUT sample: 7 bytes, so that the unpadded tail is exercised.
inline constexpr uint8_t kSamplePutData[] = {1, 2, 3, 4, 5, 6, 7};

[[nodiscard]] Request sample_request(MessageId id);
// A reply of the shape `e` describes (e.shape must not be None).  Views point at static data.
[[nodiscard]] Reply sample_reply(const ReplyExpectation& e);

}  // namespace vgpu::vtest::test_support
