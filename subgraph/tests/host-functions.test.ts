// graph-ts host functions with graph-node's semantics. These pin what the in-repo runner (and the
// local indexer that shares its host layer) must do, the same way graph-node does.
import { Address, BigDecimal, BigInt, ByteArray, Bytes, crypto } from "@graphprotocol/graph-ts";
import { assert, describe, test } from "matchstick-as/assembly/index";

function big(value: string): BigInt {
  return BigInt.fromString(value);
}

function dec(value: string): BigDecimal {
  return BigDecimal.fromString(value);
}

describe("bigInt", () => {
  test("adds, subtracts and multiplies beyond 256 bits", () => {
    let x = big("115792089237316195423570985008687907853269984665640564039457584007913129639935");
    assert.stringEquals(
      x.plus(BigInt.fromI32(1)).toString(),
      "115792089237316195423570985008687907853269984665640564039457584007913129639936",
    );
    assert.stringEquals(x.times(x).minus(x).toString().slice(0, 20), "13407807929942597099");
    assert.bigIntEquals(BigInt.fromI32(-5).minus(BigInt.fromI32(7)), BigInt.fromI32(-12));
  });

  test("answers in minimal two's complement bytes at the byte and 48-bit edges", () => {
    let zero = BigInt.zero();
    // Each result comes back from the host: its length is the host's encoding.
    assert.i32Equals(BigInt.fromI32(127).plus(zero).length, 1);
    assert.i32Equals(BigInt.fromI32(128).plus(zero).length, 2);
    assert.i32Equals(BigInt.fromI32(-128).plus(zero).length, 1);
    assert.i32Equals(BigInt.fromI32(-129).plus(zero).length, 2);
    assert.i32Equals(BigInt.fromI32(255).plus(zero).length, 2);
    assert.i32Equals(big("140737488355327").plus(zero).length, 6);
    assert.stringEquals(big("140737488355327").plus(BigInt.fromI32(1)).toString(), "140737488355328");
    assert.i32Equals(big("140737488355328").plus(zero).length, 7);
    assert.stringEquals(big("-140737488355328").minus(BigInt.fromI32(1)).toString(), "-140737488355329");
    assert.i32Equals(big("-140737488355328").plus(zero).length, 6);
    assert.i32Equals(big("-140737488355329").plus(zero).length, 7);
    assert.stringEquals(big("-1").times(big("281474976710655")).toString(), "-281474976710655");
  });

  test("divides truncating toward zero, with the dividend's sign for remainders", () => {
    assert.bigIntEquals(BigInt.fromI32(7).div(BigInt.fromI32(2)), BigInt.fromI32(3));
    assert.bigIntEquals(BigInt.fromI32(-7).div(BigInt.fromI32(2)), BigInt.fromI32(-3));
    assert.bigIntEquals(BigInt.fromI32(-7).mod(BigInt.fromI32(2)), BigInt.fromI32(-1));
    assert.bigIntEquals(BigInt.fromI32(7).mod(BigInt.fromI32(-2)), BigInt.fromI32(1));
  });

  test(
    "refuses to divide by zero",
    () => {
      BigInt.fromI32(1).div(BigInt.zero());
    },
    true,
  );

  test("raises to a power and shifts", () => {
    assert.stringEquals(BigInt.fromI32(10).pow(18).toString(), "1000000000000000000");
    assert.bigIntEquals(BigInt.fromI32(1).leftShift(70), big("1180591620717411303424"));
    assert.bigIntEquals(big("1180591620717411303424").rightShift(69), BigInt.fromI32(2));
    assert.bigIntEquals(BigInt.fromI32(-9).rightShift(1), BigInt.fromI32(-5));
  });

  test("combines bits in two's complement", () => {
    assert.bigIntEquals(BigInt.fromI32(12).bitOr(BigInt.fromI32(3)), BigInt.fromI32(15));
    assert.bigIntEquals(BigInt.fromI32(12).bitAnd(BigInt.fromI32(10)), BigInt.fromI32(8));
    assert.bigIntEquals(BigInt.fromI32(-1).bitAnd(BigInt.fromI32(255)), BigInt.fromI32(255));
  });

  test("parses and prints decimal and hex", () => {
    assert.stringEquals(big("-123456789012345678901234567890").toString(), "-123456789012345678901234567890");
    assert.stringEquals(BigInt.fromI32(255).toHexString(), "0xff");
    assert.stringEquals(BigInt.zero().toString(), "0");
  });

  test(
    "refuses a string that is not a number",
    () => {
      big("12a");
    },
    true,
  );

  test("divides by a BigDecimal", () => {
    assert.stringEquals(BigInt.fromI32(1).divDecimal(dec("8")).toString(), "0.125");
  });
});

describe("bigDecimal", () => {
  test("adds, subtracts and multiplies exactly", () => {
    assert.stringEquals(dec("1.5").plus(dec("2.25")).toString(), "3.75");
    assert.stringEquals(dec("1").minus(dec("0.001")).toString(), "0.999");
    assert.stringEquals(dec("-1.5").times(dec("4")).toString(), "-6");
    assert.stringEquals(dec("1e3").toString(), "1000");
  });

  test("divides to 34 significant digits", () => {
    assert.stringEquals(dec("1").div(dec("3")).toString(), "0.3333333333333333333333333333333333");
    assert.stringEquals(dec("2").div(dec("3")).toString(), "0.6666666666666666666666666666666667");
    assert.stringEquals(dec("10").div(dec("4")).toString(), "2.5");
  });

  test("compares by value", () => {
    assert.assertTrue(dec("1.50").equals(dec("1.5")));
    assert.assertTrue(!dec("1.5").equals(dec("1.51")));
    assert.assertTrue(dec("0.1").lt(dec("0.2")));
  });

  test(
    "refuses to divide by zero",
    () => {
      dec("1").div(BigDecimal.zero());
    },
    true,
  );
});

describe("typeConversion", () => {
  test("prints bytes as hex and decodes UTF-8", () => {
    let bytes = Bytes.fromUTF8("Mosaic ✓");
    assert.stringEquals(bytes.toString(), "Mosaic ✓");
    assert.stringEquals(Bytes.fromHexString("0x00ff10").toHexString(), "0x00ff10");
  });

  test("trims the NUL padding of fixed-size strings", () => {
    let padded = new Bytes(32);
    padded[0] = 0x61;
    padded[1] = 0x62;
    assert.stringEquals(padded.toString(), "ab");
  });

  test("parses an address string", () => {
    let address = Address.fromString("0xA16081F360e3847006dB660bae1c6d1b2e17eC2A");
    assert.stringEquals(address.toHexString(), "0xa16081f360e3847006db660bae1c6d1b2e17ec2a");
  });

  test("encodes base58", () => {
    assert.stringEquals(Bytes.fromHexString("0x0000287fb4cd").toBase58(), "11233QC4");
  });
});

describe("crypto", () => {
  test("hashes with keccak256", () => {
    let hash = crypto.keccak256(ByteArray.fromUTF8(""));
    assert.stringEquals(hash.toHexString(), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  });
});
