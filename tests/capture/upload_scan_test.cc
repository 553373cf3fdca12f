// capture/upload_scan.h: the transfers in a command buffer that read or write a backing, found
// through the real decoder in streams built by the encoder.
#include "capture/upload_scan.h"

#include <gtest/gtest.h>

#include "decoder/encoder.h"

namespace vgpu::capture {
namespace {

constexpr uint32_t kToHost = 1;
constexpr uint32_t kFromHost = 2;

virgl::TransferRegion region(uint32_t res, uint32_t stride, uint32_t x, uint32_t y, uint32_t w,
                             uint32_t h) {
  virgl::TransferRegion r;
  r.resource = res;
  r.level = 1;
  r.stride = stride;
  r.layer_stride = stride * 16;
  r.x = x, r.y = y, r.z = 0;
  r.w = w, r.h = h, r.d = 1;
  return r;
}

virgl::Transfer3d transfer(virgl::TransferRegion r, uint32_t offset, uint32_t direction) {
  virgl::Transfer3d t;
  t.region = r;
  t.offset = offset;
  t.direction = direction;
  return t;
}

virgl::CopyTransfer3d copy(virgl::TransferRegion r, uint32_t staging, uint32_t offset,
                           uint32_t read_from_host) {
  virgl::CopyTransfer3d c;
  c.region = r;
  c.src_resource = staging;
  c.src_offset = offset;
  c.read_from_host = read_from_host;
  return c;
}

virgl::CreateSubCtx sub_ctx(uint32_t id) {
  virgl::CreateSubCtx c;
  c.sub_ctx = id;
  return c;
}

TEST(UploadScan, Transfer3dBothDirections) {
  virgl::Encoder e;
  e.add(sub_ctx(1))
      .add(transfer(region(5, 256, 2, 3, 8, 4), 100, kToHost))
      .add(sub_ctx(2))
      .add(transfer(region(6, 64, 0, 0, 16, 16), 0, kFromHost));
  ASSERT_TRUE(e.ok());
  const UploadScan scan = scan_transfers(e.words());
  ASSERT_EQ(scan.transfers.size(), 2u);

  const ScannedTransfer& up = scan.transfers[0];
  EXPECT_TRUE(up.to_host);
  EXPECT_EQ(up.res_id, 5u);
  EXPECT_EQ(up.region_res, 5u);
  EXPECT_EQ(up.level, 1u);
  EXPECT_EQ(up.box, (trace::Box{2, 3, 0, 8, 4, 1}));
  EXPECT_EQ(up.stride, 256u);
  EXPECT_EQ(up.layer_stride, 256u * 16);
  EXPECT_EQ(up.offset, 100u);

  const ScannedTransfer& down = scan.transfers[1];
  EXPECT_FALSE(down.to_host);
  EXPECT_EQ(down.res_id, 6u);
  EXPECT_EQ(down.box, (trace::Box{0, 0, 0, 16, 16, 1}));
}

TEST(UploadScan, CopyTransferUsesTheStagingBuffersBacking) {
  virgl::Encoder e;
  e.add(copy(region(9, 128, 4, 4, 8, 8), 20, 4096, 0))   // staging 20 -> texture 9
      .add(copy(region(9, 128, 0, 0, 32, 2), 21, 64, 1));  // texture 9 -> staging 21
  ASSERT_TRUE(e.ok());
  const UploadScan scan = scan_transfers(e.words());
  ASSERT_EQ(scan.transfers.size(), 2u);
  EXPECT_TRUE(scan.transfers[0].to_host);
  EXPECT_EQ(scan.transfers[0].res_id, 20u);     // whose backing the host reads
  EXPECT_EQ(scan.transfers[0].region_res, 9u);  // what the box describes
  EXPECT_EQ(scan.transfers[0].offset, 4096u);
  EXPECT_EQ(scan.transfers[0].box, (trace::Box{4, 4, 0, 8, 8, 1}));
  EXPECT_FALSE(scan.transfers[1].to_host);
  EXPECT_EQ(scan.transfers[1].res_id, 21u);
  EXPECT_EQ(scan.transfers[1].offset, 64u);
}

TEST(UploadScan, ShapeCarriesTheRegionAndTheGivenTarget) {
  virgl::Encoder e;
  e.add(transfer(region(5, 256, 2, 3, 8, 4), 100, kToHost));
  const UploadScan scan = scan_transfers(e.words());
  ASSERT_EQ(scan.transfers.size(), 1u);
  const TransferShape s = scan.transfers[0].shape(2);
  EXPECT_EQ(s.target, 2u);
  EXPECT_EQ(s.stride, 256u);
  EXPECT_EQ(s.layer_stride, 4096u);
  EXPECT_EQ(s.width, 8u);
  EXPECT_EQ(s.height, 4u);
  EXPECT_EQ(s.depth, 1u);
  EXPECT_EQ(s.offset, 100u);
  EXPECT_EQ(backing_range(s, 1 << 20).size, 4u * 256);
}

TEST(UploadScan, NothingInAStreamWithoutTransfers) {
  virgl::Encoder e;
  e.add(sub_ctx(1)).add(sub_ctx(2));
  EXPECT_TRUE(scan_transfers(e.words()).transfers.empty());
  EXPECT_TRUE(scan_transfers({}).transfers.empty());
}

TEST(UploadScan, RejectedTransferIsSkippedAndScanningGoesOn) {
  // Direction 0 is neither way: the host rejects that command alone.
  virgl::Encoder e;
  e.add(transfer(region(5, 256, 0, 0, 8, 8), 0, 0)).add(transfer(region(6, 256, 0, 0, 8, 8), 0, kToHost));
  const UploadScan scan = scan_transfers(e.words());
  ASSERT_EQ(scan.transfers.size(), 1u);
  EXPECT_EQ(scan.transfers[0].res_id, 6u);
}

TEST(UploadScan, MalformedStreamEndsTheScanWhereItBreaks) {
  virgl::Encoder e;
  e.add(transfer(region(5, 256, 0, 0, 8, 8), 0, kToHost));
  std::vector<uint32_t> words(e.words().begin(), e.words().end());
  // A TRANSFER3D header claiming 13 dwords with 2 left, then (unreachable) nothing.
  virgl::Encoder tail;
  tail.add(transfer(region(6, 256, 0, 0, 8, 8), 0, kToHost));
  words.push_back(tail.words()[0]);
  words.push_back(6);
  words.push_back(0);
  const UploadScan scan = scan_transfers(words);
  ASSERT_EQ(scan.transfers.size(), 1u);
  EXPECT_EQ(scan.transfers[0].res_id, 5u);
}

TEST(UploadScan, ShortTransferIsNotReportedFromPartialFields) {
  // A TRANSFER3D whose length is 12 (one dword short of its 13): malformed, nothing found.
  virgl::Encoder e;
  e.add(transfer(region(5, 256, 0, 0, 8, 8), 0, kToHost));
  std::vector<uint32_t> words(e.words().begin(), e.words().end());
  words.pop_back();
  const uint32_t header = words[0];
  words[0] = (header & 0xffffu) | (12u << 16);
  EXPECT_TRUE(scan_transfers(words).transfers.empty());
}

}  // namespace
}  // namespace vgpu::capture
