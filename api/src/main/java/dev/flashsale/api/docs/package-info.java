/** The API's OpenAPI document and Swagger UI. */
package dev.flashsale.api.docs;
