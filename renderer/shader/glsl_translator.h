// TGSI IR (decoder/tgsi/ir.h, validated) -> GLSL source, plus everything the renderer needs to
// link the program and bind its resources.  The contract between translator and renderer:
// add to it, never change what a field means.
//
// What the GLSL looks like (facts the renderer relies on):
//  - every resource has an explicit binding from bindings.h; every VS input an explicit
//    location (IN[n] -> n) and every FS colour output a location (COLOR[n] -> n);
//  - varyings are matched by NAME between stages, derived from the TGSI semantic
//    (see varying_name()), never by location, so any two stages translated with keys that
//    describe each other link;
//  - window coordinates: the renderer draws so that GL window row y is gallium row y (no flip
//    between guest and host framebuffer memory).  Gallium's default FS_COORD_ORIGIN UPPER_LEFT
//    is then GL's default lower-left gl_FragCoord; LOWER_LEFT is flipped with
//    DriverState::framebuffer_height.  FS_COORD_PIXEL_CENTER INTEGER uses the GLSL layout
//    qualifier `pixel_center_integer`.
//  - nothing in the translator calls GL: it is pure text in, text out (the fuzzer links it alone).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "decoder/payloads_objects.h"
#include "renderer/shader/bindings.h"
#include "trace/result.h"

namespace vgpu::tgsi {
struct Shader;  // decoder/tgsi/ir.h
}

namespace vgpu::shader {

template <class T>
using Result = trace::Result<T>;
using Error = trace::Error;

// ---- Target language --------------------------------------------------------------------------
struct TranslateTarget {
  enum class Language : uint8_t { Glsl430Core, GlslEs320 };
  Language language = Language::Glsl430Core;
  bool operator==(const TranslateTarget&) const = default;
};

// ---- Inter-stage interface ---------------------------------------------------------------------
// TGSI_INTERPOLATE_* and TGSI_INTERPOLATE_LOC_* numbering.
enum class Interpolation : uint8_t { Constant = 0, Linear = 1, Perspective = 2, Color = 3 };
enum class InterpolationLocation : uint8_t { Center = 0, Centroid = 1, Sample = 2 };

// One varying of a stage's input or output interface, by TGSI semantic.
struct Varying {
  uint32_t semantic = 0;  // TGSI_SEMANTIC_* id (GENERIC 5, COLOR 1, TEXCOORD 19, ...)
  uint32_t index = 0;     // semantic index
  Interpolation interpolation = Interpolation::Perspective;
  InterpolationLocation location = InterpolationLocation::Center;
  bool operator==(const Varying&) const = default;
};

// ---- Host state that TGSI leaves open ----------------------------------------------------------
// Each field changes the GLSL; the renderer compiles one variant per distinct key.  Fields that
// do not apply to a stage must be left at their default so equal programs share a variant.
struct ShaderKey {
  // VS: vertex element n is an integer format, read with glVertexAttribIPointer: IN[n] is then
  // declared ivec4 (signed) or uvec4 (unsigned) and its bits are kept as they are.
  uint32_t vertex_attrib_int_mask = 0;
  uint32_t vertex_attrib_uint_mask = 0;

  // FS: colour buffer n has a signed / unsigned integer format: COLOR[n] is declared ivec4 /
  // uvec4 and written as the raw bits TGSI computed.
  uint8_t color_int_mask = 0;
  uint8_t color_uint_mask = 0;
  // FS: blend state uses the second source (COLOR[1] -> location 0, index 1).
  bool dual_source_blend = false;
  // FS: rasterizer flatshade: inputs with COLOR interpolation become flat.
  bool flatshade = false;
  // FS: rasterizer light_twoside: COLOR[n] inputs pick BCOLOR[n] for back faces.
  bool two_sided_color = false;
  // FS: rasterizer sprite_coord_enable, set by the renderer only while drawing points: bit n
  // replaces GENERIC[n] / TEXCOORD[n] with gl_PointCoord (z = 0, w = 1).
  uint32_t point_sprite_coord_mask = 0;
  // FS: the DSA alpha test (PIPE_FUNC_*: NEVER 0 ... ALWAYS 7), emulated with a discard against
  // DriverState::alpha_ref.  7 (ALWAYS) means no test.
  uint8_t alpha_func = 7;
  // Last stage before the rasterizer: user clip planes (SET_CLIP_STATE) enabled by the
  // rasterizer; when the shader writes no CLIPDIST, gl_ClipDistance[i] = dot(plane i, CLIPVERTEX
  // or POSITION) for every bit i, the planes read from DriverState.
  uint8_t clip_plane_enable = 0;

  // Shadow samplers: GLSL returns the depth comparison as one float, so the view's swizzle
  // cannot be left to the texture object (Mesa encodes GL_DEPTH_TEXTURE_MODE in it: LUMINANCE
  // is XXX1, INTENSITY XXXX, ALPHA 000X, RED X001).  Entry n is the swizzle of SAMP[n]'s view,
  // packed by pack_swizzle(); the comparison result stands for X..W.  Slots past the end, and
  // non-shadow samplers, are not affected.
  std::vector<uint16_t> shadow_swizzles;

  // Linkage.  prev_stage_outputs: what the stage before writes (empty + has_prev_stage false for
  // VS/CS or when unknown): an input nobody writes becomes a private zero-initialised variable,
  // so the program links.  next_stage_inputs: what the next stage reads, so outputs get the
  // same interpolation qualifiers (GLSL 4.30 requires them to match across stages).
  bool has_prev_stage = false;
  bool has_next_stage = false;
  // The stage whose outputs are this stage's inputs.  TCS, TES and GS outputs carry their
  // stage in their names ("vgpu_gs_generic0"): those stages read inputs of the same semantics
  // they write, and GLSL cannot give an input and an output one name.  Vertex shader outputs
  // keep the plain names, so a VS + FS pair needs nothing here.
  Stage prev_stage = Stage::VERTEX;
  std::vector<Varying> prev_stage_outputs;
  std::vector<Varying> next_stage_inputs;

  bool operator==(const ShaderKey&) const = default;
};
// PIPE_SWIZZLE_* (X 0 .. W 3, ZERO 4, ONE 5) of the four channels, 3 bits each.
[[nodiscard]] constexpr uint16_t pack_swizzle(uint32_t r, uint32_t g, uint32_t b, uint32_t a) {
  return static_cast<uint16_t>((r & 7) | (g & 7) << 3 | (b & 7) << 6 | (a & 7) << 9);
}
inline constexpr uint16_t kIdentitySwizzle = pack_swizzle(0, 1, 2, 3);

[[nodiscard]] size_t hash_value(const ShaderKey& key);
struct ShaderKeyHash {
  size_t operator()(const ShaderKey& key) const { return hash_value(key); }
};

// ---- Stream output (from CREATE_OBJECT(SHADER)) -------------------------------------------------
struct StreamOutputInfo {
  std::array<uint32_t, 4> strides{};  // dwords per vertex, per buffer
  std::vector<virgl::StreamOutput> outputs;
  // Compute shaders: CREATE_OBJECT(SHADER) carries the shared memory size in the dword that is
  // the stream-output count of other stages.  0 = GL's maximum (32 KiB).
  uint32_t shared_memory_bytes = 0;
};

// ---- What the renderer needs to know ----------------------------------------------------------
// Texture targets by TGSI_TEXTURE_* id; return type by TGSI_RETURN_TYPE_* id.
struct SamplerInfo {
  uint32_t slot = 0;         // guest sampler / view index (texture_unit(stage, slot))
  uint32_t tgsi_target = 0;  // TGSI_TEXTURE_*
  uint32_t return_type = 0;  // TGSI_RETURN_TYPE_* (UNORM 0, SNORM 1, SINT 2, UINT 3, FLOAT 4)
  // The TGSI target is SHADOW*: the GLSL sampler is sampler*Shadow and the renderer must give
  // the GL sampler COMPARE_REF_TO_TEXTURE whatever the guest's sampler state says (GL leaves a
  // shadow sampler without compare mode undefined).  This is why ShaderKey has no shadow mask:
  // TGSI states it in the instruction.
  bool shadow = false;
  bool operator==(const SamplerInfo&) const = default;
};
struct ImageInfo {
  uint32_t slot = 0;         // image_unit(stage, slot)
  uint32_t tgsi_target = 0;  // TGSI_TEXTURE_*
  uint32_t format = 0;       // pipe_format from the declaration
  bool writable = false, readable = false;
  bool operator==(const ImageInfo&) const = default;
};

struct TranslatedShader {
  Stage stage = Stage::VERTEX;
  std::string glsl;  // complete source, #version line included

  uint32_t const_buffer_mask = 0;  // bit n: CONST[n] used (uniform_block_binding(stage, n))
  // Bytes of CONST[n] the GLSL block declares: the renderer binds at least this much (a
  // smaller buffer is padded), since GL leaves reads past a short binding undefined.
  std::array<uint32_t, kMaxConstBuffersPerStage> const_buffer_sizes{};
  bool uses_driver_state = false;  // the DriverState block at kDriverStateBinding is declared
  std::vector<SamplerInfo> samplers;  // sorted by slot
  std::vector<ImageInfo> images;      // sorted by slot
  uint32_t shader_buffer_mask = 0;    // bit n: BUFFER[n] (shader_buffer_binding(stage, n))
  uint32_t atomic_buffer_mask = 0;    // bit b: HWATOMIC[b] (atomic_image_unit(b))
  // Bytes of HWATOMIC buffer b the shader can reach: 4 * (highest declared counter + 1).
  std::array<uint32_t, kMaxAtomicBuffers> atomic_buffer_bytes{};

  // Interfaces (for the neighbours' keys).
  uint32_t vertex_attrib_mask = 0;  // VS: bit n = IN[n] declared
  std::vector<Varying> inputs;      // not VS/CS
  std::vector<Varying> outputs;     // not FS/CS
  uint8_t clip_distance_count = 0;  // gl_ClipDistance size written (incl. user clip planes)
  uint8_t cull_distance_count = 0;

  // FS outputs.
  uint8_t color_output_mask = 0;  // bit n: COLOR[n] written (location n)
  bool writes_color_broadcast = false;  // TGSI_PROPERTY_FS_COLOR0_WRITES_ALL_CBUFS: COLOR[0]
                                        // copied to every colour output in color_output_mask
  bool writes_depth = false, writes_stencil = false, writes_sample_mask = false;
  bool early_fragment_tests = false;

  // Stream output: names for glTransformFeedbackVaryings in order, with "gl_NextBuffer" and
  // "gl_SkipComponentsN" separators, to be used with GL_INTERLEAVED_ATTRIBS.
  std::vector<std::string> stream_out_varyings;

  // CS.
  std::array<uint32_t, 3> local_size{1, 1, 1};
  uint32_t shared_memory_bytes = 0;
};

// Never crashes on a validated IR; anything the translator cannot express is an Error whose
// message says which instruction or declaration and why.
[[nodiscard]] Result<TranslatedShader> translate(const tgsi::Shader& shader, const ShaderKey& key,
                                                 const StreamOutputInfo& stream_output,
                                                 const TranslateTarget& target = {});

// The GLSL name of a varying, the same in the stage that writes it and the one that reads it
// ("vgpu_generic3", "vgpu_color0"...); gl_* built-ins for semantics GLSL has built-ins for.
// Outputs of TCS, TES and GS insert their stage ("vgpu_tes_generic3": ShaderKey::prev_stage).
[[nodiscard]] std::string varying_name(uint32_t semantic, uint32_t index);

}  // namespace vgpu::shader
