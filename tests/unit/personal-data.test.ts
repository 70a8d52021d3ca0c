import { describe, expect, it } from "vitest";
import { personalData } from "../../indexer/corpus/personal-data.js";

// The rule behind "authorities, never people" (indexer/corpus/personal-data.ts). The fixture case
// tests/fixtures/parse/personal-data shows its messages in a corpus; these pin what it catches
// and, as importantly, what it must let through from the real corpus's way of writing.

describe("personal data in an authority or its role", () => {
  it.each([
    ["cybercrime@police.example.ge", "an e-mail address"],
    ["Write to unit.24-7@mvd.gov.by at any hour", "an e-mail address"],
    ["+995 32 241 10 00", "a phone number"],
    ["(+380) 44 256-03-33", "a phone number"],
    ["0037322123456", "a phone number"],
    ["Tel. 22 55 44", "a phone number"],
    ["тел.: 22 55 44", "a phone number"],
    ["Дежурная часть, телефон 22-55-44", "a phone number"],
    ["call 044 256 03 33 11", "a phone number"],
    ["Mr. Giorgi Beridze", "a person's title and name"],
    ["Head of unit: Dr Anna Petrosyan", "a person's title and name"],
    ["г-н Иванов", "a person's title and name"],
  ])("finds %j (%s)", (text, what) => {
    expect(personalData(text, false)).toBe(what);
  });

  it.each(["Ivan Petrov", "Anna Maria Rossi", "Olena Kovalenko-Shevchenko", "Ion I. Popescu"])(
    "takes the bare name %j for a person in the authority field",
    (name) => {
      expect(personalData(name, true)).toBe("what looks like a person's name");
      // In a role a short capitalised phrase is ordinary text.
      expect(personalData(name, false)).toBeNull();
    },
  );

  it.each([
    "Ministry of Justice of Georgia",
    "Prosecutor General's Office",
    "Cyber Police",
    "Cyber Police Department of the National Police of Ukraine",
    "Ministry of Internal Affairs of Georgia, Criminal Police Department",
    "Central authority under Art. 27(2)(c) since 2012-10-01 (Law No. 1441-Iს of 4 October 2013)",
    "Law No. 2824-IV of 7 September 2005, deposit 10 March 2006",
    "Criminal Procedure Code, Arts. 16–21, 2009-10-09",
    "Europol",
    // Authorities' own names in their language, written in the Latin script.
    "Polícia Judiciária",
    "Policía Nacional",
    "Procuratura Generală",
    "Ministerstvo Yustitsii",
    "Available 24/7 under Art. 35(1); reachable through the G7 24/7 Network",
  ])("lets %j through", (text) => {
    expect(personalData(text, true)).toBeNull();
  });
});
