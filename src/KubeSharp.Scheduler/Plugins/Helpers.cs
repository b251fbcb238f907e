// Taint/toleration and node selector matching (Tolerations, CompiledNodeSelector, RequiredNodeAffinity) live in
// src/KubeSharp.Api/Scheduling, one copy shared with the controller manager (node lifecycle, DaemonSets).
global using KubeSharp.Api.Scheduling;
