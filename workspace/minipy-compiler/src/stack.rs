//! How deep a code object's value stack goes: what CPython's compiler
//! records as `co_stacksize`, and what a generator's frame has room for
//! (`sys.getsizeof` of a generator counts it).

use crate::bytecode::{Code, Instr};

impl Code {
    /// The most values the frame's stack holds at once, counted as
    /// CPython 3.11's compiler counts them (see [`stack_size`]).
    pub fn stack_size(&self) -> usize {
        stack_size(self)
    }
}

/// How an instruction changes the depth of the value stack, and where it
/// may go next: `(effect when it falls through, jump target and effect)`.
fn stack_effect(instr: Instr) -> (Option<i64>, Option<(usize, i64)>) {
    use Instr as I;
    let n = |k: u32| i64::from(k);
    let fall = |e: i64| (Some(e), None);
    match instr {
        I::LoadConst(_)
        | I::BuildLocals
        | I::LoadFast(_)
        | I::LoadGlobal(_)
        | I::LoadName(_)
        | I::LoadDeref(_)
        | I::LoadClosure(_)
        | I::LoadMethod(_)
        | I::Dup
        | I::WithEnter
        | I::ImportName(_)
        | I::ImportFrom(_) => fall(1),
        I::DupTwo => fall(2),
        I::StoreFast(_)
        | I::StoreGlobal(_)
        | I::StoreName(_)
        | I::StoreDeref(_)
        | I::DeleteAttr(_)
        | I::BinarySubscr
        | I::Binary(_)
        | I::InplaceBinary(_)
        | I::Compare(_)
        | I::ListAppend(_)
        | I::ListExtend(_)
        | I::SetAdd(_)
        | I::DictMerge { .. }
        | I::Pop
        | I::WithExit
        | I::ImportStar
        | I::PrintExpr => fall(-1),
        I::StoreAttr(_) | I::DeleteSubscr | I::MapAdd(_) | I::BuildSlice => fall(-2),
        I::StoreSubscr => fall(-3),
        I::BuildList(k)
        | I::BuildTuple(k)
        | I::BuildConstList(k)
        | I::BuildSet(k)
        | I::BuildConstSet(k)
        | I::BuildString(k) => fall(1 - n(k)),
        I::BuildDict(k) => fall(1 - 2 * n(k)),
        I::FormatValue(flags) => fall(if flags & 4 == 4 { -1 } else { 0 }),
        I::UnpackSequence(k) => fall(n(k) - 1),
        I::UnpackEx { before, after } => fall(n(before) + n(after)),
        I::Call(k) => fall(-n(k)),
        I::CallMethod(k) | I::CallKw(k) => fall(-n(k) - 1),
        I::CallEx { kwargs } => fall(-1 - i64::from(kwargs)),
        I::MakeFunction {
            defaults,
            closure,
            kwdefaults,
            ..
        } => fall(-i64::from(defaults) - i64::from(closure) - i64::from(kwdefaults)),
        I::BuildClass(k) => fall(-n(k)),
        I::BuildClassKw(k) => fall(-n(k) - 1),
        I::Jump(t) => (None, Some((t as usize, 0))),
        I::PopJumpIfFalse(t) | I::PopJumpIfTrue(t) => (Some(-1), Some((t as usize, -1))),
        I::JumpIfFalseOrPop(t) | I::JumpIfTrueOrPop(t) => (Some(-1), Some((t as usize, 0))),
        I::ForIter(t) => (Some(1), Some((t as usize, -1))),
        I::Send(t) => (Some(0), Some((t as usize, -1))),
        I::SetupExcept(t) | I::SetupFinally(t) | I::SetupCleanup(t) => {
            (Some(0), Some((t as usize, 1)))
        }
        I::Return | I::Raise(_) | I::Reraise => (None, None),
        _ => fall(0),
    }
}

/// The most values the frame's stack holds at once, counted as CPython's
/// compiler counts them (`co_stacksize`): a plain call also holds a NULL
/// slot below the callable while its arguments are evaluated.
fn stack_size(code: &Code) -> usize {
    let mut deepest: Vec<Option<i64>> = vec![None; code.instrs.len()];
    let mut work = vec![(0usize, 0i64)];
    let mut max = 0i64;
    while let Some((pc, depth)) = work.pop() {
        let Some(&instr) = code.instrs.get(pc) else {
            continue;
        };
        if deepest[pc].is_some_and(|d| d >= depth) {
            continue;
        }
        deepest[pc] = Some(depth);
        max = max.max(depth);
        let (fall, jump) = stack_effect(instr);
        if let Some(effect) = fall {
            let next = depth + effect;
            max = max.max(next);
            work.push((pc + 1, next));
        }
        if let Some((target, effect)) = jump {
            let next = depth + effect;
            max = max.max(next);
            work.push((target, next));
        }
    }
    max.max(calls_with_null_slots(code, &deepest)).max(0) as usize
}

/// CPython pushes a NULL below the callable of a plain call, so while a
/// call's arguments are evaluated its frame holds one more slot (two in a
/// nested call, ...). Walks the code in order with the depths found above,
/// remembering for each stack slot the deepest the stack went while that
/// slot was live; a call then peaks one above its callable's mark.
fn calls_with_null_slots(code: &Code, depths: &[Option<i64>]) -> i64 {
    let mut marks: Vec<i64> = vec![];
    let mut max = 0;
    for (pc, &instr) in code.instrs.iter().enumerate() {
        let Some(depth) = depths.get(pc).copied().flatten() else {
            continue;
        };
        let depth_slots = depth.max(0) as usize;
        marks.truncate(depth_slots);
        while marks.len() < depth_slots {
            marks.push(depth);
        }
        for mark in &mut marks {
            *mark = (*mark).max(depth);
        }
        let callable_slot = match instr {
            Instr::Call(n) => depth - i64::from(n) - 1,
            Instr::CallKw(n) => depth - i64::from(n) - 2,
            Instr::CallEx { kwargs } => depth - 2 - i64::from(kwargs),
            _ => continue,
        };
        let Some(&mark) = usize::try_from(callable_slot)
            .ok()
            .and_then(|c| marks.get(c))
        else {
            continue;
        };
        let peak = mark + 1;
        max = max.max(peak);
        for below in marks.iter_mut().take(callable_slot as usize) {
            *below = (*below).max(peak);
        }
    }
    max
}
