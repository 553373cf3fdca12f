#include "replay/readback_check.h"

#include <vector>

#include "replay/readback_decode.h"
#include "trace/content_hash.h"

namespace vgpu::replay {
namespace {

uint64_t count_differences(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  uint64_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

std::optional<RgbaImage> decode_if_possible(const ReadbackRequest& r,
                                            std::span<const uint8_t> bytes) {
  if (!r.resource) return std::nullopt;
  auto image = decode_readback(*r.resource, *r.transfer, bytes);
  if (!image) return std::nullopt;
  return std::move(*image);
}

}  // namespace

CheckedReadback check_readback(Backend& backend, GuestMemory& memory, const ReadbackRequest& r) {
  CheckedReadback checked;
  ReadbackOutcome& out = checked.outcome;
  const trace::Transfer& t = *r.transfer;
  out.res_id = t.res_id;
  out.digest = r.digest != nullptr;
  out.display = r.resource && is_display_target(*r.resource);
  const uint64_t recorded_size = r.digest ? r.digest->size : r.recorded.size();

  auto size = backend.transfer_size(t);
  if (!size) {
    out.error = size.error().message;
  } else if (recorded_size > *size) {
    out.error = "the recorded readback holds " + std::to_string(recorded_size) +
                " bytes, the transfer is " + std::to_string(*size);
  }
  if (!out.error.empty()) {
    // What the guest holds is still what was recorded.
    if (!r.digest) (void)memory.write(t.res_id, t.offset, r.recorded);
    return checked;
  }
  // The guest's memory before the host writes: the recorded bytes themselves when there are
  // some (they hold the guest's bytes between rows), else replay's copy of that memory.
  std::vector<uint8_t> ours(*size);
  if (r.digest) {
    memory.read(t.res_id, t.offset, ours);
  } else {
    std::copy(r.recorded.begin(), r.recorded.end(), ours.begin());
  }
  if (auto s = backend.read_back(t, ours); !s) {
    out.error = s.error().message;
    if (!r.digest) (void)memory.write(t.res_id, t.offset, r.recorded);
    return checked;
  }
  const std::span<const uint8_t> replayed(ours.data(), recorded_size);
  if (auto s = memory.write(t.res_id, t.offset, r.digest ? replayed : r.recorded); !s) {
    out.error = s.error().message;
    return checked;
  }
  out.compared_bytes = recorded_size;
  if (!r.compare) {
    out.matched = true;
    return checked;
  }
  if (r.digest) {
    out.matched = trace::content_hash(replayed) == r.digest->digest;
  } else {
    out.differing_bytes = count_differences(r.recorded, replayed);
    out.matched = out.differing_bytes == 0;
  }
  if (!out.matched || r.want_images) {
    checked.replayed = decode_if_possible(r, replayed);
    if (!r.digest) checked.reference = decode_if_possible(r, r.recorded);
  }
  if (checked.reference && checked.replayed) {
    out.metrics = compare_images(*checked.reference, *checked.replayed, r.tolerance);
    if (!out.matched) out.matched = out.metrics->within(r.tolerance);
  }
  return checked;
}

}  // namespace vgpu::replay
