//! Recursive types: a type that contains itself by value (directly or through other types)
//! has no size. Every by-value reference inside a strongly connected component of the
//! "contains by value" graph is boxed; references through `Vec` or maps already are
//! indirect and stay as they are.

use crate::ir::{Ty, TypeDef, TypeKind};
use std::collections::HashMap;

/// Boxes the references that close a cycle of by-value containment.
pub(crate) fn box_cycles(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            direct_refs(&t.kind)
                .filter_map(|name| index.get(name).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, def) in types.iter_mut().enumerate() {
        let in_cycle = |name: &str| {
            index
                .get(name)
                .is_some_and(|&j| component[j] == component[i] && (i != j || edges[i].contains(&i)))
        };
        for ty in direct_refs_mut(&mut def.kind) {
            if let Ty::Named(name) = ty {
                if in_cycle(name) {
                    *ty = Ty::Boxed(std::mem::take(name));
                }
            }
        }
    }
}

/// Aliases that lead back to themselves through other aliases only (`A: $ref B`,
/// `B: $ref A`): no schema at the end, so no Rust type. One (pointer, message) per alias.
///
/// Each alias leads to at most one other, so every chain is followed once: a chain that
/// ends, or joins one already followed, is not followed again.
pub(crate) fn alias_cycles(types: &[TypeDef]) -> Vec<(String, String)> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let target: Vec<Option<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(Ty::Named(n) | Ty::Boxed(n)) => index.get(n.as_str()).copied(),
            _ => None,
        })
        .collect();
    // 0: not reached yet; 1: on the chain being followed; 2: done.
    let mut state = vec![0u8; types.len()];
    let mut on_cycle = vec![false; types.len()];
    for start in 0..types.len() {
        let mut chain = Vec::new();
        let mut next = Some(start);
        while let Some(i) = next.filter(|&i| state[i] == 0) {
            state[i] = 1;
            chain.push(i);
            next = target[i];
        }
        // Stopped at an alias on this chain: from there on, the chain is a cycle.
        if let Some(i) = next.filter(|&i| state[i] == 1) {
            let from = chain.iter().position(|&c| c == i).unwrap_or(chain.len());
            for &c in &chain[from..] {
                on_cycle[c] = true;
            }
        }
        for c in chain {
            state[c] = 2;
        }
    }
    let mut out = Vec::new();
    for (start, def) in types.iter().enumerate().filter(|&(i, _)| on_cycle[i]) {
        let mut names = vec![def.original.as_str()];
        let mut next = target[start];
        while let Some(i) = next {
            names.push(types[i].original.as_str());
            if i == start {
                break;
            }
            next = target[i];
        }
        out.push((
            def.pointer.clone(),
            format!(
                "`$ref` cycle {}: expected the references to end at a schema",
                cycle_text(&names)
            ),
        ));
    }
    out
}

/// `A → B → A`; a long cycle shows its first and last names.
fn cycle_text(names: &[&str]) -> String {
    const SHOWN: usize = 8;
    if names.len() <= 2 * SHOWN {
        return names.join(" → ");
    }
    format!(
        "{} → … ({} more) → {}",
        names[..SHOWN].join(" → "),
        names.len() - 2 * SHOWN,
        names[names.len() - SHOWN..].join(" → ")
    )
}

/// The types a definition contains by value.
fn direct_refs(kind: &TypeKind) -> impl Iterator<Item = &str> {
    let tys: Vec<&Ty> = match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    };
    tys.into_iter().filter_map(|ty| match ty {
        Ty::Named(name) => Some(name.as_str()),
        _ => None,
    })
}

fn direct_refs_mut(kind: &mut TypeKind) -> Vec<&mut Ty> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Every type named anywhere inside `ty` (through arrays, maps and boxes).
fn named_in<'t>(ty: &'t Ty, out: &mut Vec<&'t str>) {
    match ty {
        Ty::Named(n) | Ty::Boxed(n) => out.push(n),
        Ty::Array(inner) | Ty::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Turns into newtypes the aliases that reach themselves through aliases only
/// (`A = Vec<A>`, or `A = Vec<B>` with `B = BTreeMap<String, A>`): a Rust type alias cannot
/// refer to itself, a struct can. A cycle through a struct, enum or union needs nothing.
///
/// Those aliases are the ones in a strongly connected component of the "alias names alias"
/// graph with more than one member or an edge to itself.
pub(crate) fn newtype_recursive_aliases(types: &mut [TypeDef]) {
    let aliases: Vec<usize> = types
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TypeKind::Alias(_)))
        .map(|(i, _)| i)
        .collect();
    let index: HashMap<&str, usize> = aliases
        .iter()
        .enumerate()
        .map(|(node, &i)| (types[i].name.as_str(), node))
        .collect();
    let edges: Vec<Vec<usize>> = aliases
        .iter()
        .map(|&i| {
            let mut names = Vec::new();
            if let TypeKind::Alias(ty) = &types[i].kind {
                named_in(ty, &mut names);
            }
            names
                .into_iter()
                .filter_map(|name| index.get(name).copied())
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size = vec![0usize; aliases.len()];
    for &c in &component {
        size[c] += 1;
    }
    for (node, &i) in aliases.iter().enumerate() {
        if size[component[node]] > 1 || edges[node].contains(&node) {
            if let TypeKind::Alias(ty) = &types[i].kind {
                types[i].kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// Tarjan's algorithm without recursion: the component id of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                order[v] = next_order;
                low[v] = next_order;
                next_order += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if order[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }
}
