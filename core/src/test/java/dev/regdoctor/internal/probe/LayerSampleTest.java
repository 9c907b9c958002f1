package dev.regdoctor.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The pull test's read blocks are allocated before its request is written. */
class LayerSampleTest {
  private static final int BLOCK = BlobsCheck.LayerSample.BLOCK;

  @Test
  void aRangedSampleReadsIntoOneBlockAllocatedUpFront() {
    BlobsCheck.LayerSample sample = new BlobsCheck.LayerSample(false, 8L * 1024 * 1024, null);

    assertThat(sample.spareBlocks()).isEqualTo(1);
  }

  @Test
  void aVerifiedLayerGetsEveryBlockItWillFillUpFront() {
    BlobsCheck.LayerSample sample = new BlobsCheck.LayerSample(true, 3L * BLOCK + 5, null);

    // three full blocks wait to be hashed, the fourth holds the last five bytes
    assertThat(sample.spareBlocks()).isEqualTo(4);
  }

  @Test
  void aVerifiedLayerOfWholeBlocksGetsOneBlockToSpare() {
    BlobsCheck.LayerSample sample = new BlobsCheck.LayerSample(true, 2L * BLOCK, null);

    assertThat(sample.spareBlocks()).isEqualTo(3);
  }

  @Test
  void aLargeVerifiedLayerIsCappedAtTheBlocksThatMayWaitToBeHashed() {
    BlobsCheck.LayerSample sample = new BlobsCheck.LayerSample(true, 1024L * 1024 * 1024, null);

    assertThat(sample.spareBlocks()).isEqualTo(BlobsCheck.LayerSample.MAX_WAITING + 1);
  }

  @Test
  void aReadSizeOutsideOneByteToOneBlockIsRefusedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BlobsCheck.LayerSample(false, 1024, null, 0))
        .withMessage("readBytes must be 1 to 262144 but was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new BlobsCheck.LayerSample(false, 1024, null, BLOCK + 1))
        .withMessageContaining("but was 262145");
  }

  @Test
  void theWarmUpReadsInSmallReadsIntoOneBlock() {
    BlobsCheck.LayerSample warm =
        new BlobsCheck.LayerSample(false, WarmUp.BYTES, null, WarmUp.READ_BYTES);

    assertThat(WarmUp.READ_BYTES).isEqualTo(32);
    assertThat(warm.spareBlocks()).isEqualTo(1);
  }
}
