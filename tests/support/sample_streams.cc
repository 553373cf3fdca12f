#include "tests/support/sample_streams.h"

#include <cstring>
#include <string>

#include "decoder/encoder.h"

namespace vgpu::testing {
namespace {

using namespace vgpu::virgl;

constexpr uint32_t kBlend = 1, kDsa = 2, kRasterizer = 3, kVertexElements = 4;
constexpr uint32_t kVertexShader = 5, kFragmentShader = 6, kSampler = 7, kView = 8;
constexpr uint32_t kColorSurface = 9, kDepthSurface = 10;
constexpr uint32_t kColorRes = 1, kDepthRes = 2, kVertexRes = 3, kTextureRes = 4;

const char kVertexTgsi[] =
    "VERT\nDCL IN[0]\nDCL IN[1]\nDCL OUT[0], POSITION\nDCL OUT[1], GENERIC[0]\n"
    "DCL CONST[0][0..3]\nDCL TEMP[0]\n"
    "  0: MUL TEMP[0], IN[0].xxxx, CONST[0][0]\n  1: MAD TEMP[0], IN[0].yyyy, CONST[0][1], "
    "TEMP[0]\n  2: MAD TEMP[0], IN[0].zzzz, CONST[0][2], TEMP[0]\n  3: MAD OUT[0], "
    "IN[0].wwww, CONST[0][3], TEMP[0]\n  4: MOV OUT[1], IN[1]\n  5: END\n";
const char kFragmentTgsi[] =
    "FRAG\nPROPERTY FS_COLOR0_WRITES_ALL_CBUFS 1\nDCL IN[0], GENERIC[0], PERSPECTIVE\n"
    "DCL OUT[0], COLOR\nDCL SAMP[0]\nDCL SVIEW[0], 2D, FLOAT\n"
    "  0: TEX OUT[0], IN[0], SAMP[0], 2D\n  1: END\n";

void add_shader(Encoder& e, uint32_t handle, ShaderStage stage, const char* text) {
  const size_t bytes = std::strlen(text) + 1;
  std::vector<uint32_t> words((bytes + 3) / 4, 0);
  std::memcpy(words.data(), text, bytes);
  CreateShader s;
  s.handle = handle;
  s.stage = static_cast<uint32_t>(stage);
  s.offset_or_length = static_cast<uint32_t>(bytes);
  s.num_tokens = 300;
  s.text = {reinterpret_cast<const uint8_t*>(words.data()), words.size() * 4};
  e.add(s);
}

void add_draw(Encoder& e, int i, const std::vector<uint32_t>& constants) {
  SetVertexBuffers vb;
  vb.buffers = {VertexBuffer{32, static_cast<uint32_t>(i) * 96, kVertexRes}};
  e.add(vb);
  SetSamplerViews views;
  views.stage = static_cast<uint32_t>(ShaderStage::FRAGMENT);
  views.views = {kView};
  e.add(views);
  BindSamplerStates samplers;
  samplers.stage = static_cast<uint32_t>(ShaderStage::FRAGMENT);
  samplers.states = {kSampler};
  e.add(samplers);
  SetConstantBuffer cb;
  cb.stage = static_cast<uint32_t>(ShaderStage::VERTEX);
  cb.data = constants;
  e.add(cb);
  e.add(BindObject{static_cast<uint32_t>(ObjectType::BLEND), kBlend});
  e.add(BindObject{static_cast<uint32_t>(ObjectType::DSA), kDsa});
  e.add(BindObject{static_cast<uint32_t>(ObjectType::RASTERIZER), kRasterizer});
  e.add(BindObject{static_cast<uint32_t>(ObjectType::VERTEX_ELEMENTS), kVertexElements});
  e.add(BindShader{kVertexShader, static_cast<uint32_t>(ShaderStage::VERTEX)});
  e.add(BindShader{kFragmentShader, static_cast<uint32_t>(ShaderStage::FRAGMENT)});
  SetViewportState vp;
  vp.viewports = {Viewport{{128, -128, 0.5f}, {128, 128, 0.5f}}};
  e.add(vp);
  SetScissorState sc;
  sc.scissors = {Scissor{0, 0, 256, 256}};
  e.add(sc);
  DrawVbo draw;
  draw.start = static_cast<uint32_t>(i) * 3;
  draw.count = 3;
  draw.mode = 4;  // triangles
  draw.instance_count = 1;
  draw.max_index = draw.start + 2;
  e.add(draw);
}

}  // namespace

std::vector<uint32_t> setup_stream() {
  Encoder e;
  CreateBlend blend;
  blend.handle = kBlend;
  blend.rt[0].colormask = 0xf;
  e.add(blend);
  CreateDsa dsa;
  dsa.handle = kDsa;
  dsa.depth_enable = 1;
  dsa.depth_writemask = 1;
  dsa.depth_func = 1;  // less
  e.add(dsa);
  CreateRasterizer rs;
  rs.handle = kRasterizer;
  rs.depth_clip = 1;
  rs.half_pixel_center = 1;
  rs.line_width = 1;
  rs.point_size = 1;
  e.add(rs);
  CreateVertexElements ve;
  ve.handle = kVertexElements;
  ve.elements = {VertexElement{0, 0, 0, static_cast<uint32_t>(PipeFormat::R32G32B32A32_FLOAT)},
                 VertexElement{16, 0, 0, static_cast<uint32_t>(PipeFormat::R32G32B32A32_FLOAT)}};
  e.add(ve);
  add_shader(e, kVertexShader, ShaderStage::VERTEX, kVertexTgsi);
  add_shader(e, kFragmentShader, ShaderStage::FRAGMENT, kFragmentTgsi);
  CreateSamplerState sampler;
  sampler.handle = kSampler;
  sampler.max_lod = 1000;
  e.add(sampler);
  CreateSamplerView view;
  view.handle = kView;
  view.resource = kTextureRes;
  view.format = static_cast<uint32_t>(PipeFormat::R8G8B8A8_UNORM);
  view.target = 2;
  view.swizzle_g = 1, view.swizzle_b = 2, view.swizzle_a = 3;
  e.add(view);
  e.add(CreateSurface{kColorSurface, kColorRes,
                      static_cast<uint32_t>(PipeFormat::B8G8R8A8_UNORM), 0, 0});
  e.add(CreateSurface{kDepthSurface, kDepthRes,
                      static_cast<uint32_t>(PipeFormat::Z24_UNORM_S8_UINT), 0, 0});
  SetFramebufferState fb;
  fb.zsurf = kDepthSurface;
  fb.cbufs = {kColorSurface};
  e.add(fb);
  return e.take();
}

std::vector<uint32_t> draw_heavy_stream(int draws) {
  Encoder e;
  Clear clear;
  clear.buffers = 7;  // depth, stencil, colour 0
  clear.depth = 1.0;
  e.add(clear);
  std::vector<uint32_t> constants(16);
  for (int i = 0; i < draws; ++i) {
    for (size_t c = 0; c < constants.size(); ++c)
      constants[c] = static_cast<uint32_t>(i * 16 + static_cast<int>(c));
    add_draw(e, i, constants);
  }
  return e.take();
}

std::vector<uint32_t> upload_heavy_stream(int uploads, uint32_t bytes_each) {
  Encoder e;
  std::vector<uint32_t> texels(bytes_each / 4);
  for (size_t i = 0; i < texels.size(); ++i) texels[i] = static_cast<uint32_t>(i * 2654435761u);
  const uint32_t row = 256 * 4;
  const uint32_t rows = bytes_each / row;
  std::vector<uint32_t> constants(16, 0);
  for (int i = 0; i < uploads; ++i) {
    TransferRegion region{kTextureRes, 0, 0, row, 0, 0, static_cast<uint32_t>(i) % 8 * rows,
                          0, 256, rows, 1};
    if (i % 2 == 0) {
      ResourceInlineWrite w;
      w.region = region;
      w.data = texels;
      e.add(w);
    } else {
      Transfer3d t;
      t.region = region;
      t.offset = static_cast<uint32_t>(i) * bytes_each;
      t.direction = 1;  // to host
      e.add(t);
    }
    if (i % 8 == 7) add_draw(e, i, constants);
  }
  return e.take();
}

}  // namespace vgpu::testing
