#include "fuzz/cve/cve_inputs.h"

#include <cstring>

#include "decoder/encoder.h"
#include "fuzz/renderer/renderer_script.h"

namespace vgpu::fuzz {
namespace {

using namespace vgpu::virgl;
using renderer::Diagnostic;
using Tier = Diagnostic::Tier;

// Handles and resources of the harness's setup (tests/support/sample_streams.cc).
constexpr uint32_t kVertexElements = 4;
constexpr uint32_t kColorRes = 1, kTextureRes = 4;
constexpr uint32_t kB8G8R8A8 = 1, kR8G8B8A8 = 67;

std::vector<uint8_t> script(const Encoder& e) { return RendererScript().submit(e.words()).bytes(); }

// The shader's text as CREATE_SHADER carries it: NUL-terminated, padded to dwords.
std::vector<uint32_t> text_words(std::string_view text) {
  std::vector<uint32_t> words(text.size() / 4 + 1, 0);
  std::memcpy(words.data(), text.data(), text.size());
  return words;
}
CreateShader shader(uint32_t handle, ShaderStage stage, const std::vector<uint32_t>& words,
                    uint32_t declared_length) {
  CreateShader s;
  s.handle = handle;
  s.stage = static_cast<uint32_t>(stage);
  s.offset_or_length = declared_length;
  s.num_tokens = 300;
  s.text = {reinterpret_cast<const uint8_t*>(words.data()), words.size() * 4};
  return s;
}

trace::ResourceCreate texture(uint32_t id, uint32_t w, uint32_t h) {
  trace::ResourceCreate c;
  c.res_id = id;
  c.target = 2;
  c.format = kB8G8R8A8;
  c.bind = 2 | 8;  // render target, sampler view
  c.width = w;
  c.height = h;
  c.depth = c.array_size = 1;
  return c;
}

DrawVbo triangle() {
  DrawVbo d;
  d.count = 3;
  d.mode = 4;
  d.instance_count = 1;
  d.max_index = 2;
  return d;
}

// Every expected (tier, fragment) must be among the run's diagnostics, and none a GL error.
std::string expect(const RendererRun& run,
                   std::initializer_list<std::pair<Tier, std::string_view>> wanted) {
  std::string missing;
  if (!run.failure.empty()) missing += "renderer failed: " + run.failure + "; ";
  if (run.has_gl_error()) missing += "a GL error reached the host driver; ";
  for (const auto& [tier, fragment] : wanted)
    if (!run.has(tier, fragment)) missing += "no diagnostic containing \"" + std::string(fragment) + "\"; ";
  return missing;
}
std::string expect_clean(const RendererRun& run) {
  std::string why = expect(run, {});
  for (const auto& d : run.diagnostics) why += "unexpected diagnostic: " + d.message + "; ";
  return why;
}

// ---- the cases, in CVE order -------------------------------------------------------------

// 2016-10163: a context created again (same id) leaked the first one's decode state.
std::vector<uint8_t> ctx_recreate() {
  return RendererScript()
      .op(RendererOp::CREATE_CONTEXT, 2)
      .op(RendererOp::CREATE_CONTEXT, 2)
      .op(RendererOp::CREATE_CONTEXT, 1)
      .bytes();
}
std::string ctx_recreate_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "context 2 cannot be created (0 or in use)"},
                    {Tier::InvalidCommand, "context 1 cannot be created (0 or in use)"}});
}

// 2016-10214: attaching backing again to a resource leaked the previous iovec array.
std::vector<uint8_t> backing_reattach() {
  RendererScript s;
  s.create_resource(texture(5, 16, 16)).op(RendererOp::ATTACH_RESOURCE, 5);
  for (int i = 0; i < 8; ++i) s.attach_backing(5, 1);
  trace::Transfer t;
  t.res_id = 5;
  t.box = {0, 0, 0, 16, 16, 1};
  return s.transfer_from_host(t).bytes();
}
std::string backing_reattach_check(const RendererRun& r) { return expect_clean(r); }

std::vector<uint8_t> tex_offsets() {
  const auto words = text_words(
      "FRAG\nDCL IN[0], GENERIC[0], PERSPECTIVE\nDCL OUT[0], COLOR\nDCL SAMP[0]\n"
      "DCL SVIEW[0], 2D, FLOAT\nDCL TEMP[0]\nIMM[0] INT32 {0, 0, 0, 0}\n"
      "  0: TEX OUT[0], IN[0], SAMP[0], 2D, IMM[0], IMM[0], IMM[0], IMM[0], IMM[0], IMM[0]\n"
      "  1: END\n");
  Encoder e;
  e.add(shader(20, ShaderStage::FRAGMENT, words, static_cast<uint32_t>(words.size() * 4)));
  e.add(BindShader{20, static_cast<uint32_t>(ShaderStage::FRAGMENT)});
  e.add(triangle());
  return script(e);
}
std::string tex_offsets_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "more than 4 texture offsets"}});
}

// 2017-5937: CLEAR with a colour buffer slot but no surface dereferenced a null surface.
std::vector<uint8_t> clear_null_cbuf() {
  Encoder e;
  SetFramebufferState fb;
  fb.cbufs = {0, 0};
  e.add(fb);
  Clear c;
  c.buffers = 4 | 8;  // colour 0 and 1
  e.add(c);
  return script(e);
}
std::string clear_null_cbuf_check(const RendererRun& r) { return expect_clean(r); }

// 2017-5956: a vertex element naming a vertex buffer slot past the bound ones.
std::vector<uint8_t> vb_index() {
  Encoder e;
  CreateVertexElements ve;
  ve.handle = 21;
  ve.elements = {VertexElement{0, 0, 31, static_cast<uint32_t>(PipeFormat::R32G32B32A32_FLOAT)}};
  e.add(ve);
  e.add(BindObject{static_cast<uint32_t>(ObjectType::VERTEX_ELEMENTS), 21});
  SetVertexBuffers vb;
  vb.buffers = {VertexBuffer{16, 0, 3}};
  e.add(vb);
  e.add(triangle());
  // an index the renderer accepts, naming a slot no buffer is bound to
  ve.handle = 28;
  ve.elements = {VertexElement{0, 0, 5, static_cast<uint32_t>(PipeFormat::R32G32B32A32_FLOAT)}};
  e.add(ve);
  e.add(BindObject{static_cast<uint32_t>(ObjectType::VERTEX_ELEMENTS), 28});
  e.add(triangle());
  // and one whose index is past every slot (the decoder's bound)
  const uint32_t bad[] = {22, 0, 0, 200, static_cast<uint32_t>(PipeFormat::R32G32B32A32_FLOAT)};
  e.add_raw({1, static_cast<uint8_t>(ObjectType::VERTEX_ELEMENTS), 5}, bad);
  return script(e);
}
std::string vb_index_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "vertex buffer index 31 is too large"},
                    {Tier::InvalidCommand, "vertex_buffer_index"}});
}

// 2017-5957: SET_FRAMEBUFFER_STATE with more colour buffers than the stack array held.
std::vector<uint8_t> fb_cbufs() {
  Encoder e;
  std::vector<uint32_t> payload = {9, 0};  // nr_cbufs, zsurf
  payload.resize(2 + 9, 9);
  e.add_raw({5, 0, static_cast<uint16_t>(payload.size())}, payload);
  return script(e);
}
std::string fb_cbufs_check(const RendererRun& r) {
  return expect(r, {{Tier::MalformedStream, "SET_FRAMEBUFFER_STATE at dword 0: payload length 11 is not"}});
}

// 2017-5993: each BLIT leaked the blitter's GL objects.
std::vector<uint8_t> many_blits() {
  Encoder e;
  for (int32_t i = 0; i < 32; ++i) {
    Blit b;
    b.mask = 0xf;  // PIPE_MASK_RGBA
    b.dst = {kTextureRes, 0, kR8G8B8A8, {i, 0, 0, 8, 8, 1}};
    b.src = {kColorRes, 0, kB8G8R8A8, {0, i, 0, 8, 8, 1}};
    e.add(b);
  }
  return script(e);
}
std::string many_blits_check(const RendererRun& r) { return expect_clean(r); }

// 2017-5994: more vertex elements than the state's array holds.
std::vector<uint8_t> too_many_elements() {
  std::vector<uint32_t> payload = {23};
  for (uint32_t i = 0; i < 33; ++i)
    payload.insert(payload.end(), {0, 0, 0, static_cast<uint32_t>(PipeFormat::R32_FLOAT)});
  Encoder e;
  e.add_raw({1, static_cast<uint8_t>(ObjectType::VERTEX_ELEMENTS),
             static_cast<uint16_t>(payload.size())},
            payload);
  return script(e);
}
std::string too_many_elements_check(const RendererRun& r) {
  return expect(r, {{Tier::MalformedStream, "payload length 133 is not 1 + 4*n (n <= 32)"}});
}

// 2017-6209: an identifier longer than parse_identifier's stack buffer.
std::vector<uint8_t> long_identifier() {
  std::string text = "FRAG\nPROPERTY " + std::string(4096, 'A') + " 1\nDCL OUT[0], COLOR\n  0: END\n";
  const auto words = text_words(text);
  Encoder e;
  e.add(shader(24, ShaderStage::FRAGMENT, words, static_cast<uint32_t>(words.size() * 4)));
  e.add(BindShader{24, static_cast<uint32_t>(ShaderStage::FRAGMENT)});
  e.add(triangle());
  return script(e);
}
std::string long_identifier_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "unknown property 'AAAA"}});
}

// 2017-6210: destroying context 0 (never created) dereferenced null.
std::vector<uint8_t> ctx_zero() {
  return RendererScript()
      .op(RendererOp::DESTROY_CONTEXT, 0)
      .op(RendererOp::CREATE_CONTEXT, 0)
      .op(RendererOp::DESTROY_CONTEXT, 9)
      .bytes();
}
std::string ctx_zero_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "context 0 cannot be created"},
                    {Tier::InvalidCommand, "ContextDestroy"}});
}

// 2017-6317: each link of a shader pair leaked the program when the shaders went away.
std::vector<uint8_t> relink() {
  const auto words = text_words(
      "FRAG\nDCL OUT[0], COLOR\nIMM[0] FLT32 {1.0, 0.0, 0.0, 1.0}\n  0: MOV OUT[0], IMM[0]\n"
      "  1: END\n");
  Encoder e;
  for (uint32_t i = 0; i < 16; ++i) {
    e.add(shader(25, ShaderStage::FRAGMENT, words, static_cast<uint32_t>(words.size() * 4)));
    e.add(BindShader{25, static_cast<uint32_t>(ShaderStage::FRAGMENT)});
    e.add(triangle());
    e.add(DestroyObject{static_cast<uint32_t>(ObjectType::SHADER), 25});
  }
  return script(e);
}
std::string relink_check(const RendererRun& r) { return expect_clean(r); }

// 2017-6355: a shader's declared length near 2^31 made `length * 4 + offset` wrap.
std::vector<uint8_t> shader_length_overflow() {
  const auto words = text_words("FRAG\nDCL OUT[0], COLOR\n");
  Encoder e;
  e.add(shader(26, ShaderStage::FRAGMENT, words, 0x7fffffff));  // first packet of a long shader
  CreateShader more = shader(26, ShaderStage::FRAGMENT, words, 0x7ffffffc);
  more.continuation = 1;
  e.add(more);
  e.add(BindShader{26, static_cast<uint32_t>(ShaderStage::FRAGMENT)});
  e.add(triangle());
  return script(e);
}
std::string shader_length_overflow_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "shader text length 2147483647 is over the budget"},
                    {Tier::InvalidCommand, "continuation of shader 26 but no shader"}});
}

// 2017-6386: a vertex elements object created again under the same handle leaked the first.
std::vector<uint8_t> ve_recreate() {
  Encoder e;
  for (uint32_t i = 0; i < 8; ++i) {
    CreateVertexElements ve;
    ve.handle = 27;
    ve.elements = {VertexElement{0, 0, 0, static_cast<uint32_t>(PipeFormat::R32G32B32A32_FLOAT)}};
    e.add(ve);
  }
  e.add(BindObject{static_cast<uint32_t>(ObjectType::VERTEX_ELEMENTS), 27});
  e.add(BindObject{static_cast<uint32_t>(ObjectType::VERTEX_ELEMENTS), kVertexElements});
  return script(e);
}
std::string ve_recreate_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "handle 27 is in use"}});
}

// 2019-18388: resources with formats the host has no entry for reached code that looked the
// format's description up and dereferenced null.
std::vector<uint8_t> illegal_format() {
  trace::ResourceCreate c = texture(5, 2, 2);
  c.format = 0x1000029 & 0xffff;  // the fuzzer's dformat, as far as our u16 field carries it
  RendererScript s;
  s.create_resource(c).op(RendererOp::ATTACH_RESOURCE, 5);
  c.format = 0;
  c.res_id = 6;
  s.create_resource(c).op(RendererOp::ATTACH_RESOURCE, 6);
  Encoder e;
  Blit b;
  b.mask = 0xf;
  b.dst = {5, 0, kB8G8R8A8, {0, 0, 0, 2, 2, 1}};
  b.src = {6, 0, kB8G8R8A8, {0, 0, 0, 2, 2, 1}};
  e.add(b);
  return s.submit(e.words()).bytes();
}
std::string illegal_format_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "resource 5: format 41 is not supported"},
                    {Tier::InvalidCommand, "resource 6: format 0 is not supported"},
                    {Tier::InvalidCommand, "blit destination 5 is not a resource"}});
}

// 2019-18389: RESOURCE_INLINE_WRITE whose box needs more bytes than the command carries.
std::vector<uint8_t> inline_write_short() {
  const std::vector<uint32_t> data(4, 0xffffffffu);
  ResourceInlineWrite w;
  w.region = {kTextureRes, 0, 0, 0, 0, 0, 0, 0, 64, 64, 1};  // the whole setup texture
  w.data = data;
  Encoder e;
  e.add(w);
  return script(e);
}
std::string inline_write_short_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "the box needs 16384 bytes, the command carries 16"}});
}

// 2019-18390: BLIT with a format id past the format table (vrend_blit_need_swizzle read out
// of bounds).
std::vector<uint8_t> blit_bad_format() {
  Encoder e;
  std::vector<uint32_t> payload = {0x8000001, 0, 0,
                                   kTextureRes, 0, 0x1000029, 0, 0, 0, 0, 0, 0,
                                   kTextureRes, 0, 10, 0, 0, 0, 0, 0, 0};
  e.add_raw({16, 0, static_cast<uint16_t>(payload.size())}, payload);
  return script(e);
}
std::string blit_bad_format_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "format 16777257 is not a virgl format"}});
}

// 2019-18391: a texture upload whose stride is smaller than a row of the box.
std::vector<uint8_t> upload_small_stride() {
  const std::vector<uint32_t> data(256, 0x01020304);
  ResourceInlineWrite w;
  w.region = {kTextureRes, 0, 0, 4, 0, 0, 0, 0, 16, 16, 1};  // stride 4: one texel per row
  w.data = data;
  Encoder e;
  e.add(w);
  return script(e);
}
std::string upload_small_stride_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "stride 4 is below the row size 64"}});
}

// 2020-8002: LAUNCH_GRID with no compute shader bound.
std::vector<uint8_t> grid_without_cs() {
  LaunchGrid g;
  g.block = {1, 1, 1};
  g.grid = {1, 1, 1};
  Encoder e;
  e.add(g);
  return script(e);
}
std::string grid_without_cs_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "LAUNCH_GRID at dword 0: no compute shader is bound"}});
}

// 2020-8003: a texture whose GL allocation failed was freed twice.
std::vector<uint8_t> failed_allocation() {
  trace::ResourceCreate huge = texture(5, 16384, 16384);  // 1 GiB: over the harness's budget
  RendererScript s;
  s.create_resource(huge).op(RendererOp::ATTACH_RESOURCE, 5).op(RendererOp::UNREF_RESOURCE, 5);
  s.create_resource(texture(5, 8, 8)).op(RendererOp::ATTACH_RESOURCE, 5);
  return s.read_back_zeros(5, 8, 8).bytes();
}
std::string failed_allocation_check(const RendererRun& r) {
  std::string why = expect(r, {{Tier::InvalidCommand, "resource 5: 1073741824 bytes exceed"}});
  if (r.reads != 1 || r.nonzero_read_bytes != 0) why += "the re-created resource did not read back as zeros; ";
  return why;
}

// 2022-0135: a transfer into a 2D texture with a box deeper than the texture (layers past the
// end written through read_transfer_data).
std::vector<uint8_t> deep_box() {
  Transfer3d t;
  t.region = {kTextureRes, 0, 0, 0, 0, 0, 0, 0, 4, 4, 64};
  t.direction = 1;
  Encoder e;
  e.add(t);
  ResourceInlineWrite w;
  const std::vector<uint32_t> data(4 * 4 * 64, 0);
  w.region = t.region;
  w.data = data;
  e.add(w);
  return RendererScript().attach_backing(kTextureRes, 64).submit(e.words()).bytes();
}
std::string deep_box_check(const RendererRun& r) {
  return expect(r, {{Tier::InvalidCommand, "TRANSFER3D at dword 0: resource 4: box z 0 + 64 exceeds"},
                    {Tier::InvalidCommand, "RESOURCE_INLINE_WRITE at dword 14: resource 4: box z"}});
}

// 2022-0175: new resources exposed uninitialised host memory to the guest.
std::vector<uint8_t> fresh_memory() {
  RendererScript s;
  s.create_resource(texture(5, 64, 64)).op(RendererOp::ATTACH_RESOURCE, 5);
  trace::ResourceCreate buffer;
  buffer.res_id = 6;
  buffer.format = 64;
  buffer.bind = 16;
  buffer.width = 4096;
  buffer.height = buffer.depth = buffer.array_size = 1;
  s.create_resource(buffer).op(RendererOp::ATTACH_RESOURCE, 6);
  return s.read_back_zeros(5, 64, 64).read_back_zeros(6, 4096, 1).bytes();
}
std::string fresh_memory_check(const RendererRun& r) {
  std::string why = expect_clean(r);
  if (r.reads != 2) why += "expected 2 readbacks, got " + std::to_string(r.reads) + "; ";
  if (r.nonzero_read_bytes != 0) why += std::to_string(r.nonzero_read_bytes) + " non-zero bytes read; ";
  return why;
}

}  // namespace

const std::vector<CveCase>& cve_cases() {
  static const std::vector<CveCase> cases = {
      {"CVE-2016-10163", ctx_recreate, ctx_recreate_check},
      {"CVE-2016-10214", backing_reattach, backing_reattach_check},
      {"CVE-2017-5580", tex_offsets, tex_offsets_check},
      {"CVE-2017-5937", clear_null_cbuf, clear_null_cbuf_check},
      {"CVE-2017-5956", vb_index, vb_index_check},
      {"CVE-2017-5957", fb_cbufs, fb_cbufs_check},
      {"CVE-2017-5993", many_blits, many_blits_check},
      {"CVE-2017-5994", too_many_elements, too_many_elements_check},
      {"CVE-2017-6209", long_identifier, long_identifier_check},
      {"CVE-2017-6210", ctx_zero, ctx_zero_check},
      {"CVE-2017-6317", relink, relink_check},
      {"CVE-2017-6355", shader_length_overflow, shader_length_overflow_check},
      {"CVE-2017-6386", ve_recreate, ve_recreate_check},
      {"CVE-2019-18388", illegal_format, illegal_format_check},
      {"CVE-2019-18389", inline_write_short, inline_write_short_check},
      {"CVE-2019-18390", blit_bad_format, blit_bad_format_check},
      {"CVE-2019-18391", upload_small_stride, upload_small_stride_check},
      {"CVE-2020-8002", grid_without_cs, grid_without_cs_check},
      {"CVE-2020-8003", failed_allocation, failed_allocation_check},
      {"CVE-2022-0135", deep_box, deep_box_check},
      {"CVE-2022-0175", fresh_memory, fresh_memory_check},
  };
  return cases;
}

}  // namespace vgpu::fuzz
