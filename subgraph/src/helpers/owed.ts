import { BigInt, Bytes, Entity, store } from "@graphprotocol/graph-ts";
import { ZERO_BI } from "./constants";
import { getOrCreateAccount } from "./getters";
import { pairId } from "./ids";

/**
 * A deferred payment (`deferred`) or a withdrawal of `amount` owed to `account` in `token`, on a
 * contract that keeps its own books: moves the books' `owed` and `totalDeferred` or `totalWithdrawn`
 * (entity type `booksType`, id: the token, created by the caller) and the account's `amount`
 * (entity type `owedType`, id: token ++ account, with `token` and `account`).
 */
export function moveOwed(
  booksType: string,
  owedType: string,
  token: Bytes,
  account: Bytes,
  amount: BigInt,
  deferred: boolean,
): void {
  let change = deferred ? amount : amount.neg();
  let books = store.get(booksType, token.toHexString()) as Entity;
  books.setBigInt("owed", books.getBigInt("owed").plus(change));
  let total = deferred ? "totalDeferred" : "totalWithdrawn";
  books.setBigInt(total, books.getBigInt(total).plus(amount));
  store.set(booksType, token.toHexString(), books);
  let id = pairId(token, account);
  let owed = store.get(owedType, id.toHexString());
  if (owed == null) {
    getOrCreateAccount(account);
    owed = new Entity();
    owed.setBytes("id", id);
    owed.setBytes("token", token);
    owed.setBytes("account", account);
    owed.setBigInt("amount", ZERO_BI);
  }
  owed.setBigInt("amount", owed.getBigInt("amount").plus(change));
  store.set(owedType, id.toHexString(), owed);
}
