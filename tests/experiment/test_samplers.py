"""Samplers: batch order, epoch_size, positions kept across epochs, state round trips."""
import h5py
import numpy as np
import pytest

from nnlib.experiment import Sampler, ShuffleSampler, TextSampler, take


def _data(n=10):
    x = np.arange(n * 2).reshape(n, 2)
    return x, np.arange(n)


def _targets(sampler, data):
    return [b.targets.tolist() for b in sampler.sample_epoch(data)]


def test_sampler_walks_the_data_in_order_with_a_short_last_batch():
    s = Sampler(batch_size=4)
    data = _data()
    assert _targets(s, data) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert _targets(s, data) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    batch = next(iter(Sampler(batch_size=3).sample_epoch(data)))
    np.testing.assert_array_equal(batch.inputs, data[0][:3])
    assert batch.n_samples == 3


def test_epoch_size_ends_the_epoch_at_the_first_batch_reaching_it_and_continues_next_epoch():
    s = Sampler(batch_size=4, epoch_size=6)
    data = _data()
    assert _targets(s, data) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert _targets(s, data) == [[8, 9], [0, 1, 2, 3]]
    assert s.position == 4
    assert s.epoch_length(data) == 6 and Sampler(4).epoch_length(data) == 10


def test_shuffle_sampler_draws_a_permutation_per_pass_from_its_own_generator():
    s = ShuffleSampler(batch_size=4, random_seed=5)
    data = _data()
    rng = np.random.default_rng(5)
    for _ in range(2):
        expected = rng.permutation(10)
        got = np.concatenate(_targets(s, data))
        np.testing.assert_array_equal(got, expected)
    first = next(iter(ShuffleSampler(batch_size=4, random_seed=5).sample_epoch(data)))
    np.testing.assert_array_equal(first.inputs, data[0][np.random.default_rng(5).permutation(10)[:4]])


def test_shuffle_sampler_seed_restarts_the_stream():
    s = ShuffleSampler(batch_size=3, random_seed=1)
    data = _data()
    _targets(s, data)
    s.seed(9)
    np.testing.assert_array_equal(np.concatenate(_targets(s, data)), np.random.default_rng(9).permutation(10))


def test_shuffle_sampler_state_dict_resumes_mid_pass():
    data = _data(11)
    a = ShuffleSampler(batch_size=3, epoch_size=5, random_seed=2)
    _targets(a, data)
    b = ShuffleSampler(batch_size=3, epoch_size=5, random_seed=99)
    b.load_state_dict(a.state_dict())
    for _ in range(4):
        assert _targets(a, data) == _targets(b, data)


def test_take_reads_h5py_datasets_with_unsorted_and_repeated_indices(tmp_path):
    x = np.arange(30).reshape(10, 3)
    with h5py.File(tmp_path / "d.h5", "w") as f:
        f["x"] = x
    idx = np.array([7, 2, 9, 2, 0])
    with h5py.File(tmp_path / "d.h5", "r") as f:
        np.testing.assert_array_equal(take(f["x"], idx), x[idx])
        s = ShuffleSampler(batch_size=4, random_seed=3)
        ref = ShuffleSampler(batch_size=4, random_seed=3)
        for got, want in zip(s.sample_epoch((f["x"], f["x"])), ref.sample_epoch((x, x))):
            np.testing.assert_array_equal(got.inputs, want.inputs)


def test_text_sampler_cuts_parallel_streams_into_bptt_windows():
    ids = np.arange(23, dtype=np.uint16)  # 3 streams of S = (23 - 1) // 3 = 7 tokens
    s = TextSampler(batch_size=3, rho=3)
    batches = list(s.sample_epoch(ids))
    assert all(b.inputs.dtype == np.int64 and b.inputs.flags.c_contiguous for b in batches)
    assert [b.inputs.shape for b in batches] == [(3, 3), (3, 3), (1, 3)]
    np.testing.assert_array_equal(batches[0].inputs, [[0, 7, 14], [1, 8, 15], [2, 9, 16]])
    np.testing.assert_array_equal(batches[0].targets, [[1, 8, 15], [2, 9, 16], [3, 10, 17]])
    np.testing.assert_array_equal(batches[2].inputs, [[6, 13, 20]])
    np.testing.assert_array_equal(batches[2].targets, [[7, 14, 21]])
    assert [b.new_stream for b in batches] == [True, False, False]
    assert [b.n_samples for b in batches] == [9, 9, 3]
    assert s.epoch_length(ids) == 21 and TextSampler(3, 3, epoch_size=10).epoch_length(ids) == 10


def test_text_sampler_epoch_size_counts_tokens_and_wraps_around():
    ids = np.arange(23)
    s = TextSampler(batch_size=3, rho=3, epoch_size=10)
    first = list(s.sample_epoch(ids))
    assert [b.inputs[0, 0] for b in first] == [0, 3]
    second = list(s.sample_epoch(ids))
    assert [b.inputs[0, 0] for b in second] == [6, 0]
    assert [b.new_stream for b in second] == [False, True]


@pytest.mark.parametrize("epoch_size, n_batches", [(40000, 125), (40001, 126), (39999, 125), (320, 1)])
def test_text_sampler_epoch_size_counts_tokens_as_dp(epoch_size, n_batches):
    """dp's RNN.lua setting: batch 64, rho 5, 40,000 tokens per epoch = 125 batches of 320 tokens."""
    ids = np.arange(64 * 1000 + 1)
    s = TextSampler(batch_size=64, rho=5, epoch_size=epoch_size)
    batches = list(s.sample_epoch(ids))
    assert len(batches) == n_batches
    assert all(b.inputs.shape == (5, 64) and b.n_samples == 320 for b in batches)
    assert s.position == 5 * n_batches


def test_text_sampler_counts_a_short_last_window_by_its_tokens():
    ids = np.arange(23)  # 3 streams of 7 tokens: windows of 3, 3, 1 steps
    s = TextSampler(batch_size=3, rho=3, epoch_size=21)
    assert [b.n_samples for b in s.sample_epoch(ids)] == [9, 9, 3]
    assert s.position == 0
    s = TextSampler(batch_size=3, rho=3, epoch_size=19)  # 18 tokens after two windows: one more
    assert [b.inputs.shape[0] for b in s.sample_epoch(ids)] == [3, 3, 1]


def test_text_sampler_min_steps_joins_a_short_tail_to_the_window_before():
    ids = np.arange(23)  # 3 streams of 7 tokens: windows of 3 and 3 + the 1-step tail
    s = TextSampler(batch_size=3, rho=3, min_steps=2)
    batches = list(s.sample_epoch(ids))
    assert [b.inputs.shape for b in batches] == [(3, 3), (4, 3)]
    assert [b.n_samples for b in batches] == [9, 12] and s.position == 0
    np.testing.assert_array_equal(np.concatenate([b.inputs for b in batches]).T.ravel(), ids[:21])


def test_text_sampler_streams_shorter_than_min_steps_are_an_error():
    with pytest.raises(ValueError, match="too short for 3 streams of 2 step"):
        next(TextSampler(batch_size=3, rho=3, min_steps=2).sample_epoch(np.arange(6)))


def test_validation_text_sampler_counts_tokens_of_its_single_stream():
    """run_language_model's validation: one stream, eval_size-step windows, valid_epoch_size tokens."""
    s = TextSampler(batch_size=1, rho=100, epoch_size=250)
    assert [b.n_samples for b in s.sample_epoch(np.arange(1001))] == [100, 100, 100]


def test_sampler_errors_name_the_problem():
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        Sampler(batch_size=0)
    with pytest.raises(ValueError, match="x has 3 examples but y has 2"):
        next(Sampler(2).sample_epoch((np.zeros(3), np.zeros(2))))
    with pytest.raises(ValueError, match="too short for 4 streams"):
        next(TextSampler(batch_size=4, rho=2).sample_epoch(np.arange(4)))
    with pytest.raises(ValueError, match="1-D array of integer token ids"):
        next(TextSampler(batch_size=1).sample_epoch(np.zeros((3, 3))))


def test_text_sampler_target_offset_zero_targets_the_inputs_themselves():
    ids = np.arange(13)
    batch = next(TextSampler(batch_size=2, rho=3, target_offset=0).sample_epoch(ids))
    np.testing.assert_array_equal(batch.targets, batch.inputs)
    with pytest.raises(ValueError, match="target_offset must be 1"):
        TextSampler(target_offset=2)
