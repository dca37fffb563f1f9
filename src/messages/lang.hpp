#pragma once
// The languages every screen can be shown in. Danish is the product's
// language; English is for the command line and for visitors.
namespace spor {
enum class Lang { Da, En };
}  // namespace spor
